package native

// Event is what an audit event carries beyond the session's identity (the
// THD gives user, host, ip, database, connection and query id). Members a
// class does not use stay zero. See struct myp_event in host.h.
type Event struct {
	ErrorCode      int // GENERAL error code; QUERY, COMMAND, STORED_PROGRAM status
	Status         int // CONNECTION, AUTHENTICATION status
	Rows           uint64
	Command        string // "Query", "Init DB"; the error text of GENERAL ERROR
	Query          string
	SQLCommandName string // MySQL general_sql_command: "select"
	SQLCommandID   int    // MySQL enum_sql_command
	CommandID      int    // enum_server_command (COMMAND class)
	ConnectionType int    // MySQL CONNECTION: 1 TCP/IP, 2 socket
	Database       string // TABLE_ACCESS, MariaDB TABLE; STORED_PROGRAM
	Table          string // the table; STORED_PROGRAM: its name
	NewDatabase    string // MariaDB TABLE RENAME
	NewTable       string
	ReadOnly       bool   // MariaDB TABLE LOCK
	VariableName   string // GLOBAL_VARIABLE
	VariableValue  string
	Argv           []string // SERVER_STARTUP
	ShutdownReason int      // SERVER_SHUTDOWN
	ExitCode       int
	AccountUser    string // AUTHENTICATION
	AccountHost    string
	NewUser        string
	NewHost        string
	AuthPlugin     string
	IsRole         bool
	Component      string // MESSAGE
	Producer       string
	Message        string
	MessageType    int // 1 INTERNAL, 2 USER
	ParseFlags     int // PARSE flags word
}

// Outcome is what a dispatch returns.
type Outcome struct {
	// Refused is the index of the first plugin that refused an abortable
	// event, or -1; RC is its return code.
	Refused, RC int
	// ParseFlags and Rewritten: what PARSE subscribers left (Rewritten is
	// empty when no plugin rewrote the query).
	ParseFlags int
	Rewritten  string
}
