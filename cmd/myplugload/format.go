package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/myplugload/myplugload/loader"
)

// The output formats every command shares: the mysql client's boxed
// tables and a stable JSON schema.

// formatTable and formatJSON are the values of --format.
const (
	formatTable = "table"
	formatJSON  = "json"
)

// resultSet is a result as the mysql client prints it: a boxed table and
// "N rows in set", or an empty set.
type resultSet struct {
	Columns []string
	Rows    [][]*string // a nil cell is SQL NULL
}

// printResultSet prints rs the way the mysql client does in batch-less
// interactive mode:
//
//	+------+-------+
//	| Name | Value |
//	+------+-------+
//	| a    | 1     |
//	+------+-------+
//	1 row in set
func printResultSet(w io.Writer, rs resultSet) {
	if len(rs.Rows) == 0 {
		fmt.Fprintln(w, "Empty set")
		return
	}
	widths := make([]int, len(rs.Columns))
	for i, c := range rs.Columns {
		widths[i] = utf8.RuneCountInString(c)
	}
	for _, r := range rs.Rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(cellText(c)))
		}
	}
	var sep strings.Builder
	sep.WriteString("+")
	for _, n := range widths {
		sep.WriteString(strings.Repeat("-", n+2) + "+")
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range cells {
			b.WriteString(" " + c + strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)) + " |")
		}
		fmt.Fprintln(w, b.String())
	}
	fmt.Fprintln(w, sep.String())
	line(rs.Columns)
	fmt.Fprintln(w, sep.String())
	for _, r := range rs.Rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = cellText(c)
		}
		line(cells)
	}
	fmt.Fprintln(w, sep.String())
	if len(rs.Rows) == 1 {
		fmt.Fprintln(w, "1 row in set")
	} else {
		fmt.Fprintf(w, "%d rows in set\n", len(rs.Rows))
	}
}

func cellText(c *string) string {
	if c == nil {
		return "NULL"
	}
	return *c
}

// str is a non-NULL cell.
func str(s string) *string { return &s }

// pluginJSON is a plugin in JSON output: the information_schema.PLUGINS
// columns under their lower-case names.
type pluginJSON struct {
	PluginName        string `json:"plugin_name"`
	PluginVersion     string `json:"plugin_version"`
	PluginStatus      string `json:"plugin_status"`
	PluginType        string `json:"plugin_type"`
	PluginTypeVersion string `json:"plugin_type_version"`
	PluginLibrary     string `json:"plugin_library"`
	PluginAuthor      string `json:"plugin_author"`
	PluginDescription string `json:"plugin_description"`
	PluginLicense     string `json:"plugin_license"`
	LoadOption        string `json:"load_option"`
	PluginMaturity    string `json:"plugin_maturity,omitempty"`
	PluginAuthVersion string `json:"plugin_auth_version,omitempty"`
}

// pluginRow converts a host's information_schema.PLUGINS row.
func pluginRow(p loader.PluginInfo) pluginJSON {
	return pluginJSON{PluginName: p.Name, PluginVersion: p.Version, PluginStatus: p.Status, PluginType: p.Type,
		PluginTypeVersion: p.TypeVersion, PluginLibrary: p.Library, PluginAuthor: p.Author,
		PluginDescription: p.Description, PluginLicense: p.License, LoadOption: p.LoadOption,
		PluginMaturity: p.Maturity, PluginAuthVersion: p.AuthVersion}
}

// errorJSON is an error in JSON output.
type errorJSON struct {
	Code     int    `json:"code,omitempty"`
	SQLState string `json:"sqlstate,omitempty"`
	Message  string `json:"message"`
	Plugin   string `json:"plugin,omitempty"`
	Library  string `json:"library,omitempty"`
}

// errorOf describes err for JSON: a server error's code, SQLSTATE and
// message, or just the message.
func errorOf(err error) errorJSON {
	var e *loader.Error
	if errors.As(err, &e) {
		return errorJSON{Code: e.Code, SQLState: e.SQLState, Message: e.Message, Plugin: e.Plugin, Library: e.Library}
	}
	return errorJSON{Message: err.Error()}
}

// mysqlError prints err as the mysql client does: "ERROR 1231 (42000): ...".
func mysqlError(w io.Writer, err error) {
	var e *loader.Error
	if errors.As(err, &e) && e.Code != 0 {
		fmt.Fprintf(w, "ERROR %d (%s): %s\n", e.Code, e.SQLState, e.Message)
		return
	}
	fmt.Fprintf(w, "ERROR: %v\n", err)
}

// writeJSON writes v as indented JSON with a trailing newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
