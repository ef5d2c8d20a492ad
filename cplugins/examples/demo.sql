-- make run: the example plugins in a MySQL 8.0 host (myplugload shell).
-- example_audit.so is the audit probe of cplugins/fixtures/audit_probe: it
-- refuses connections of user 'mallory'.
INSTALL PLUGIN example_daemon SONAME 'example_daemon.so';
INSTALL SONAME 'example_audit.so';
SELECT PLUGIN_NAME, PLUGIN_STATUS, PLUGIN_TYPE, PLUGIN_LIBRARY FROM information_schema.PLUGINS;
SET GLOBAL example_daemon_int_var = 101;
SHOW WARNINGS;
SET GLOBAL example_daemon_enum_var = 'blue';
SHOW GLOBAL VARIABLES LIKE 'example_daemon_%_var';
CONNECT 'alice'@'localhost' DATABASE shop;
SELECT * FROM orders WHERE id = 42;
CONNECT 'mallory'@'localhost';
SHOW STATUS LIKE 'example_daemon_%count';
CREATE FUNCTION udf_reverse RETURNS STRING SONAME 'example_udf.so';
SELECT udf_reverse('myplugload');
INSTALL SONAME 'example_ftparser.so';
SELECT MATCH_PARSE('example_ftparser', 'native plugins, in Go');
UNINSTALL SONAME 'example_audit.so';
UNINSTALL PLUGIN example_daemon;
