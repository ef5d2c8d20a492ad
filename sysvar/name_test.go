package sysvar

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSQLName(t *testing.T) {
	assert.Equal(t, "server_audit_file_path", SQLName("SERVER_AUDIT", "file_path"))
	assert.Equal(t, "sql_error_log_rate", SQLName("SQL_ERROR_LOG", "rate"))
	assert.Equal(t, "my_plugin_some_var", SQLName("my-plugin", "Some-Var"))
	sql, opt := Names("probe", "T_Int", true)
	assert.Equal(t, "probe_T_Int", sql, "a session variable of a lower-case plugin keeps its case")
	assert.Equal(t, "probe-T-Int", opt)
	sql, _ = Names("Probe", "T_Int", true)
	assert.Equal(t, "probe_t_int", sql, "an upper-case plugin name falls back to the global rule")
}
