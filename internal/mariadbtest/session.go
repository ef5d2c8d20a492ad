package mariadbtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/require"
)

// Result is what a mysql client shows for one statement.
type Result struct {
	Code     int    // server error number; 0 when the statement succeeded
	SQLState string // of the error; "" when it succeeded
	Message  string // of the error
	// Warnings are the rows SHOW WARNINGS lists for the statement, in
	// order; for a failed statement they include the error itself (Level
	// "Error"). Nil when there are none.
	Warnings []Warning
}

// Warning is one row of SHOW WARNINGS.
type Warning struct {
	Level   string // Note, Warning or Error
	Code    int
	Message string
}

// String renders r like the mysql client: "OK" or "ERROR 1193 (HY000):
// ...", then one line per warning.
func (r Result) String() string {
	var b strings.Builder
	if r.Code == 0 {
		b.WriteString("OK")
	} else {
		fmt.Fprintf(&b, "ERROR %d (%s): %s", r.Code, r.SQLState, r.Message)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "\n%s %d %s", w.Level, w.Code, w.Message)
	}
	return b.String()
}

// Rows is a result set as text.
type Rows struct {
	Columns []string
	// Values holds one slice per row, one element per column: the value
	// as the server sent it, nil for SQL NULL.
	Values [][]*string
}

// Strings returns the rows with SQL NULL written as "NULL", as the mysql
// client prints it (so NULL and the string 'NULL' look alike).
func (r Rows) Strings() [][]string {
	out := make([][]string, len(r.Values))
	for i, row := range r.Values {
		out[i] = make([]string, len(row))
		for j, v := range row {
			if v == nil {
				out[i][j] = "NULL"
			} else {
				out[i][j] = *v
			}
		}
	}
	return out
}

// Session is one server session: a dedicated root connection, closed when
// the test that opened it ends. Its methods must be called from that
// test's goroutine; a broken connection fails the test.
//
// Exec and Query send, besides the statement, SHOW WARNINGS right after it
// and, when the previous statement left diagnostics, a clearing SELECT on
// a derived table before it. MariaDB empties the warning list only for a
// statement that raises a condition or uses a table, so without that a
// statement that does neither (a successful INSTALL SONAME or SET) would
// show the previous statement's warnings; @@warning_count is just as stale.
// These extra statements are visible to audit plugins and the general
// log, and ROW_COUNT() afterwards describes them, not the statement.
type Session struct {
	t    testing.TB
	conn *sql.Conn // from a pool of its own, so it is never shared
	// dirty: the server's warning list may still hold rows of an earlier
	// statement.
	dirty bool
}

// clearWarnings uses a table (a derived one: no locks, no privileges), so
// the server empties the warning list, and raises nothing itself.
const clearWarnings = "SELECT 1 FROM (SELECT 1) AS mariadbtest_clear_warnings WHERE 0"

// Session opens a new server session for t.
func (s *Server) Session(t testing.TB) *Session {
	t.Helper()
	db := sql.OpenDB(s.connector)
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(context.Background(), statementTimeout)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		_ = db.Close()
	}
	require.NoError(t, err, "mariadbtest: session on %s", s.Socket)
	t.Cleanup(func() {
		_ = conn.Close()
		_ = db.Close()
	})
	return &Session{t: t, conn: conn}
}

// Exec runs one statement and returns its outcome and warnings; rows it
// returns are read and dropped.
func (s *Session) Exec(stmt string) Result {
	s.t.Helper()
	s.prepare(stmt)
	ctx, cancel := context.WithTimeout(context.Background(), statementTimeout)
	defer cancel()
	_, err := s.conn.ExecContext(ctx, stmt)
	return s.finish(stmt, err)
}

// Query runs one statement and returns its outcome and warnings, and the
// rows it returned (those read before an error, if it failed midway).
func (s *Session) Query(stmt string) (Result, Rows) {
	s.t.Helper()
	s.prepare(stmt)
	ctx, cancel := context.WithTimeout(context.Background(), statementTimeout)
	defer cancel()
	var out Rows
	rows, err := s.conn.QueryContext(ctx, stmt)
	if err == nil {
		out, err = readRows(rows)
	}
	return s.finish(stmt, err), out
}

func readRows(rows *sql.Rows) (Rows, error) {
	defer rows.Close()
	var out Rows
	cols, err := rows.Columns()
	if err != nil {
		return out, err
	}
	out.Columns = cols
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return out, err
		}
		row := make([]*string, len(cols))
		for i, v := range vals {
			if v.Valid {
				str := v.String
				row[i] = &str
			}
		}
		out.Values = append(out.Values, row)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	return out, rows.Close()
}

// prepare empties the server's warning list if an earlier statement may
// have left rows in it.
func (s *Session) prepare(stmt string) {
	s.t.Helper()
	if !s.dirty {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), statementTimeout)
	defer cancel()
	if _, err := s.conn.ExecContext(ctx, clearWarnings); err != nil {
		s.t.Fatalf("mariadbtest: clearing the warning list before %q: %v", stmt, err)
	}
	s.dirty = false
}

// finish turns the statement's error into a Result and reads its warnings.
func (s *Session) finish(stmt string, err error) Result {
	s.t.Helper()
	var r Result
	if err != nil {
		var me *mysql.MySQLError
		if !errors.As(err, &me) {
			s.t.Fatalf("mariadbtest: %q: %v", stmt, err)
		}
		r.Code = int(me.Number)
		if me.SQLState != [5]byte{} {
			r.SQLState = string(me.SQLState[:])
		}
		r.Message = me.Message
		s.dirty = true
	}
	ctx, cancel := context.WithTimeout(context.Background(), statementTimeout)
	defer cancel()
	rows, err := s.conn.QueryContext(ctx, "SHOW WARNINGS")
	if err != nil {
		s.t.Fatalf("mariadbtest: SHOW WARNINGS after %q: %v", stmt, err)
	}
	defer rows.Close()
	for rows.Next() {
		var w Warning
		if err := rows.Scan(&w.Level, &w.Code, &w.Message); err != nil {
			s.t.Fatalf("mariadbtest: SHOW WARNINGS after %q: %v", stmt, err)
		}
		r.Warnings = append(r.Warnings, w)
	}
	if err := rows.Err(); err != nil {
		s.t.Fatalf("mariadbtest: SHOW WARNINGS after %q: %v", stmt, err)
	}
	if len(r.Warnings) > 0 {
		s.dirty = true
	}
	return r
}
