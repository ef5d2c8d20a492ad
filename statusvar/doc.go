// Package statusvar owns plugin status variables as SHOW STATUS presents
// them: SHOW_ARRAY flattening into "<parent>_<child>" names (cut to 63
// bytes), the scope filter of MySQL 5.7+ (SHOW_SCOPE_UNDEF entries are
// never shown), SHOW_FUNC calls repeated while a function answers
// SHOW_FUNC (through the Source the host provides), the rendering of every
// SHOW type of both flavors, the servers' ordering and name case (MariaDB
// prints "Server_audit_active"), and the counters FLUSH STATUS resets.
package statusvar
