package mysqlabi

// The sql command numbers (enum enum_sql_command) a server gives a
// statement, by its first keywords: data per flavor. The numbers the
// reference verified against real binaries are MariaDB's 0 SELECT, 1
// CREATE TABLE, 3 ALTER TABLE, 4 UPDATE, 5 INSERT, 7 DELETE, 8 TRUNCATE,
// 9 DROP TABLE, 31 SET, 34 GRANT, 44 REVOKE, 60 CHANGE MASTER, 81 CREATE
// USER, 82 DROP USER, 83 RENAME USER, 117 CREATE SERVER, 119 ALTER SERVER
// and 144 ALTER USER (mariadb-abi-and-real-binaries.md §4.1); the others
// follow the enums' order in the servers' headers (sql_cmd.h,
// my_sqlcommand.h) and are not checked against a running server.

// SQLCommands returns the profile's table: the entry with the longest
// matching keyword prefix classifies a statement.
func (p *Profile) SQLCommands() []SQLCommand {
	if p.Flavor == FlavorMariaDB {
		return mariadbSQLCommands
	}
	return mysqlSQLCommands
}

// SQLCommand is one statement kind: its leading keywords, its
// enum_sql_command number (thd_sql_command, the audit events'
// sql_command_id) and MySQL's name of it (general_sql_command,
// "create_user").
type SQLCommand struct {
	Keywords string
	Num      int
	Name     string
}

// mariadbSQLCommands are MariaDB 10.11's numbers (sql/sql_cmd.h).
var mariadbSQLCommands = []SQLCommand{
	{"SELECT", 0, "select"}, {"WITH", 0, "select"}, {"CREATE TABLE", 1, "create_table"},
	{"CREATE TEMPORARY TABLE", 1, "create_table"}, {"CREATE INDEX", 2, "create_index"},
	{"CREATE UNIQUE INDEX", 2, "create_index"}, {"ALTER TABLE", 3, "alter_table"},
	{"UPDATE", 4, "update"}, {"INSERT", 5, "insert"}, {"DELETE", 7, "delete"},
	{"TRUNCATE", 8, "truncate"}, {"DROP TABLE", 9, "drop_table"}, {"DROP INDEX", 10, "drop_index"},
	{"SHOW DATABASES", 11, "show_databases"}, {"SHOW TABLES", 12, "show_tables"},
	{"SHOW COLUMNS", 13, "show_fields"}, {"SHOW FIELDS", 13, "show_fields"}, {"SHOW INDEX", 14, "show_keys"},
	{"SHOW VARIABLES", 15, "show_variables"}, {"SHOW GLOBAL VARIABLES", 15, "show_variables"},
	{"SHOW SESSION VARIABLES", 15, "show_variables"}, {"SHOW STATUS", 16, "show_status"},
	{"SHOW GLOBAL STATUS", 16, "show_status"}, {"SHOW SESSION STATUS", 16, "show_status"},
	{"SHOW PROCESSLIST", 20, "show_processlist"}, {"SHOW GRANTS", 23, "show_grants"},
	{"SHOW CREATE TABLE", 24, "show_create"}, {"LOAD", 30, "load"}, {"SET", 31, "set_option"},
	{"LOCK TABLES", 32, "lock_tables"}, {"UNLOCK TABLES", 33, "unlock_tables"}, {"GRANT", 34, "grant"},
	{"USE", 35, "change_db"}, {"CREATE DATABASE", 36, "create_db"}, {"CREATE SCHEMA", 36, "create_db"},
	{"DROP DATABASE", 37, "drop_db"}, {"DROP SCHEMA", 37, "drop_db"}, {"ALTER DATABASE", 38, "alter_db"},
	{"REPAIR", 39, "repair"}, {"REPLACE", 40, "replace"}, {"CREATE FUNCTION", 42, "create_function"},
	{"CREATE AGGREGATE FUNCTION", 42, "create_function"}, {"DROP FUNCTION", 43, "drop_function"},
	{"REVOKE", 44, "revoke"}, {"OPTIMIZE", 45, "optimize"}, {"CHECK", 46, "check"}, {"FLUSH", 49, "flush"},
	{"KILL", 50, "kill"}, {"ANALYZE", 51, "analyze"}, {"ROLLBACK", 52, "rollback"}, {"COMMIT", 54, "commit"},
	{"SAVEPOINT", 55, "savepoint"}, {"BEGIN", 59, "begin"}, {"START TRANSACTION", 59, "begin"},
	{"RENAME TABLE", 61, "rename_table"}, {"RESET", 62, "reset"}, {"DO", 74, "do"},
	{"SHOW WARNINGS", 75, "show_warnings"}, {"SHOW ERRORS", 77, "show_errors"},
	{"SHOW ENGINES", 78, "show_storage_engines"}, {"HELP", 80, "help"}, {"CREATE USER", 81, "create_user"},
	{"DROP USER", 82, "drop_user"}, {"RENAME USER", 83, "rename_user"}, {"CHECKSUM", 85, "checksum"},
	{"CREATE PROCEDURE", 86, "create_procedure"}, {"CALL", 88, "call"}, {"DROP PROCEDURE", 89, "drop_procedure"},
	{"PREPARE", 96, "prepare"}, {"EXECUTE", 97, "execute"}, {"DEALLOCATE PREPARE", 98, "dealloc_sql"},
	{"CREATE VIEW", 99, "create_view"}, {"DROP VIEW", 100, "drop_view"}, {"CREATE TRIGGER", 101, "create_trigger"},
	{"DROP TRIGGER", 102, "drop_trigger"}, {"INSTALL", 112, "install_plugin"}, {"UNINSTALL", 113, "uninstall_plugin"},
	{"SHOW PLUGINS", 116, "show_plugins"}, {"CREATE EVENT", 121, "create_event"}, {"DROP EVENT", 123, "drop_event"},
	{"SHUTDOWN", 137, "shutdown"}, {"CREATE ROLE", 138, "create_role"}, {"DROP ROLE", 139, "drop_role"},
	{"ALTER USER", 144, "alter_user"}, {"SHOW CREATE USER", 145, "show_create_user"},
	{"CREATE SEQUENCE", 147, "create_sequence"}, {"DROP SEQUENCE", 148, "drop_sequence"},
}

// mysqlSQLCommands are MySQL 5.7/8.0/8.4's numbers (include/my_sqlcommand.h).
var mysqlSQLCommands = []SQLCommand{
	{"SELECT", 0, "select"}, {"WITH", 0, "select"}, {"CREATE TABLE", 1, "create_table"},
	{"CREATE TEMPORARY TABLE", 1, "create_table"}, {"CREATE INDEX", 2, "create_index"},
	{"CREATE UNIQUE INDEX", 2, "create_index"}, {"ALTER TABLE", 3, "alter_table"},
	{"UPDATE", 4, "update"}, {"INSERT", 5, "insert"}, {"DELETE", 7, "delete"},
	{"TRUNCATE", 8, "truncate"}, {"DROP TABLE", 9, "drop_table"}, {"DROP INDEX", 10, "drop_index"},
	{"SHOW DATABASES", 11, "show_databases"}, {"SHOW TABLES", 12, "show_tables"},
	{"SHOW COLUMNS", 13, "show_fields"}, {"SHOW FIELDS", 13, "show_fields"}, {"SHOW INDEX", 14, "show_keys"},
	{"SHOW VARIABLES", 15, "show_variables"}, {"SHOW GLOBAL VARIABLES", 15, "show_variables"},
	{"SHOW SESSION VARIABLES", 15, "show_variables"}, {"SHOW STATUS", 16, "show_status"},
	{"SHOW GLOBAL STATUS", 16, "show_status"}, {"SHOW SESSION STATUS", 16, "show_status"},
	{"SHOW PROCESSLIST", 20, "show_processlist"}, {"SHOW GRANTS", 23, "show_grants"},
	{"SHOW CREATE TABLE", 24, "show_create"}, {"LOAD", 30, "load"}, {"SET", 31, "set_option"},
	{"LOCK TABLES", 32, "lock_tables"}, {"UNLOCK TABLES", 33, "unlock_tables"}, {"GRANT", 34, "grant"},
	{"USE", 35, "change_db"}, {"CREATE DATABASE", 36, "create_db"}, {"CREATE SCHEMA", 36, "create_db"},
	{"DROP DATABASE", 37, "drop_db"}, {"DROP SCHEMA", 37, "drop_db"}, {"ALTER DATABASE", 38, "alter_db"},
	{"REPAIR", 39, "repair"}, {"REPLACE", 40, "replace"}, {"CREATE FUNCTION", 42, "create_function"},
	{"CREATE AGGREGATE FUNCTION", 42, "create_function"}, {"DROP FUNCTION", 43, "drop_function"},
	{"REVOKE", 44, "revoke"}, {"OPTIMIZE", 45, "optimize"}, {"CHECK", 46, "check"}, {"FLUSH", 49, "flush"},
	{"KILL", 50, "kill"}, {"ANALYZE", 51, "analyze"}, {"ROLLBACK", 52, "rollback"}, {"COMMIT", 54, "commit"},
	{"SAVEPOINT", 55, "savepoint"}, {"BEGIN", 61, "begin"}, {"START TRANSACTION", 61, "begin"},
	{"RENAME TABLE", 64, "rename_table"}, {"RESET", 65, "reset"}, {"DO", 77, "do"},
	{"SHOW WARNINGS", 78, "show_warnings"}, {"SHOW ERRORS", 80, "show_errors"},
	{"SHOW ENGINES", 81, "show_storage_engines"}, {"HELP", 83, "help"}, {"CREATE USER", 84, "create_user"},
	{"DROP USER", 85, "drop_user"}, {"RENAME USER", 86, "rename_user"}, {"CHECKSUM", 88, "checksum"},
	{"CREATE PROCEDURE", 89, "create_procedure"}, {"CALL", 91, "call"}, {"DROP PROCEDURE", 92, "drop_procedure"},
	{"PREPARE", 99, "prepare"}, {"EXECUTE", 100, "execute"}, {"DEALLOCATE PREPARE", 101, "dealloc_sql"},
	{"CREATE VIEW", 102, "create_view"}, {"DROP VIEW", 103, "drop_view"}, {"CREATE TRIGGER", 104, "create_trigger"},
	{"DROP TRIGGER", 105, "drop_trigger"}, {"INSTALL", 115, "install_plugin"}, {"UNINSTALL", 116, "uninstall_plugin"},
	{"SHOW PLUGINS", 118, "show_plugins"}, {"CREATE EVENT", 122, "create_event"}, {"DROP EVENT", 124, "drop_event"},
	{"ALTER USER", 134, "alter_user"}, {"SHOW CREATE USER", 136, "show_create_user"}, {"SHUTDOWN", 137, "shutdown"},
	{"SET PASSWORD", 138, "set_password"},
}
