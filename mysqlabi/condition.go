package mysqlabi

// Level is the severity of a diagnostic condition, as SHOW WARNINGS
// prints it.
type Level string

// Condition levels.
const (
	LevelNote    Level = "Note"
	LevelWarning Level = "Warning"
	LevelError   Level = "Error"
)

// Condition is one diagnostic a statement raises: a row of SHOW WARNINGS.
type Condition struct {
	Level    Level
	Code     int
	SQLState string `json:",omitempty"`
	Message  string
}

// Cond builds a condition from a catalogue entry.
func Cond(f Flavor, level Level, e ServerError, args ...any) Condition {
	return Condition{Level: level, Code: e.Code, SQLState: e.SQLState, Message: e.Format(f, args...)}
}

// The errors and warnings of system variable assignments.
var (
	ErUnknownSystemVariable = ServerError{1193, "HY000", "ER_UNKNOWN_SYSTEM_VARIABLE",
		"Unknown system variable '%-.64s'", ""}
	ErGlobalVariable = ServerError{1229, "HY000", "ER_GLOBAL_VARIABLE",
		"Variable '%-.64s' is a GLOBAL variable and should be set with SET GLOBAL", ""}
	ErWrongValueForVar = ServerError{1231, "42000", "ER_WRONG_VALUE_FOR_VAR",
		"Variable '%-.64s' can't be set to the value of '%-.200s'", ""}
	ErWrongTypeForVar = ServerError{1232, "42000", "ER_WRONG_TYPE_FOR_VAR",
		"Incorrect argument type to variable '%-.64s'", ""}
	ErIncorrectGlobalLocalVar = ServerError{1238, "HY000", "ER_INCORRECT_GLOBAL_LOCAL_VAR",
		"Variable '%-.192s' is a %s variable", ""}
	ErTruncatedWrongValue = ServerError{1292, "22007", "ER_TRUNCATED_WRONG_VALUE",
		"Truncated incorrect %s value: '%s'", ""} // the name is cut to 32 characters ("...") by the caller
	ErWarnDeprecatedSyntaxNoReplacement = ServerError{1287, "HY000", "ER_WARN_DEPRECATED_SYNTAX",
		"'%s' is deprecated and will be removed in a future release", ""}
	ErDataOverflow = ServerError{1916, "22003", "ER_DATA_OVERFLOW",
		"Got overflow when converting '%-.128s' to %-.32s. Value truncated", ""}
)
