-- The example daemon: install, variables (a warning, then an error in
-- strict mode), status, uninstall.
INSTALL PLUGIN example_daemon SONAME 'example_daemon.so';
SHOW PLUGINS;
SELECT PLUGIN_NAME, PLUGIN_STATUS, LOAD_OPTION FROM information_schema.PLUGINS WHERE plugin_type = 'DAEMON';
SHOW GLOBAL VARIABLES LIKE 'example_daemon_int%';
SET GLOBAL example_daemon_int_var = 101;
SHOW WARNINGS;
SET sql_mode = 'STRICT_ALL_TABLES';
SELECT @@sql_mode;
SET GLOBAL example_daemon_int_var = 101;
SHOW ERRORS;
SET GLOBAL example_daemon_int_var = 42, @@global.example_daemon_enum_var = 'blue';
SELECT @@global.example_daemon_int_var, @@example_daemon_enum_var;
SET GLOBAL example_daemon_int_var = DEFAULT;
SELECT @@global.example_daemon_int_var;
SET GLOBAL no_such_var = 1;
SHOW STATUS LIKE 'example_daemon_%count';
FLUSH STATUS;
INSERT INTO t VALUES (1 /* a ; inside a comment */, 'a ; inside a string');
CREATE FUNCTION udf_reverse RETURNS STRING SONAME 'example_udf.so';
SELECT udf_reverse('plugin');
DROP FUNCTION udf_reverse;
INSTALL SONAME 'example_ftparser.so';
SELECT MATCH_PARSE('example_ftparser', '+apple -pear', 'boolean');
UNINSTALL PLUGIN example_daemon;
UNINSTALL PLUGIN example_daemon;
UNINSTALL SONAME 'example_ftparser.so';
SHOW PLUGINS;
