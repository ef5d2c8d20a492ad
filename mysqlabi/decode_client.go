package mysqlabi

import "fmt"

// ClientPlugin is the st_mysql_client_plugin a client library exports as
// _mysql_client_plugin_declaration_ (a single struct, not an array).
type ClientPlugin struct {
	Addr             Addr
	Type             int32 // MYSQL_CLIENT_*_PLUGIN
	InterfaceVersion uint32
	Name             string
	Author           string
	Description      string
	Version          [3]uint32
	License          string // a string in client plugins, not a code
	MySQLAPI         Addr
	Init             Addr
	Deinit           Addr
	Options          Addr
	GetOptions       Addr // interface 0x02xx only
	// Authentication plugins.
	AuthenticateUser            Addr
	AuthenticateUserNonblocking Addr // interface 0x02xx only
}

// ClientLayout returns the layout of a client plugin declaration of the
// given type and interface version: 0x01xx is the MySQL 5.x / MariaDB
// Connector/C header, 0x02xx MySQL 8.0's, which adds get_options.
func ClientLayout(typ int32, interfaceVersion uint32) *Struct {
	v80 := interfaceVersion>>8 >= 2
	switch {
	case typ == ClientAuthentication && v80:
		return ClientAuth80
	case typ == ClientAuthentication:
		return ClientAuth57
	case v80:
		return ClientPlugin80
	}
	return ClientPlugin57
}

// DecodeClientPlugin decodes the client plugin declaration at addr.
func DecodeClientPlugin(mem Memory, addr Addr, lim Limits) (ClientPlugin, error) {
	r := &reader{mem: mem}
	c := ClientPlugin{Addr: addr}
	head := ClientPlugin57
	t, err := r.u32(addr + Addr(head.Off("type")))
	if err != nil {
		return c, err
	}
	c.Type = int32(t)
	if c.InterfaceVersion, err = r.u32(addr + Addr(head.Off("interface_version"))); err != nil {
		return c, err
	}
	l := ClientLayout(c.Type, c.InterfaceVersion)
	strs := []struct {
		name     string
		dst      *string
		required bool
	}{{"name", &c.Name, true}, {"author", &c.Author, false}, {"desc", &c.Description, false},
		{"license", &c.License, false}}
	for _, s := range strs {
		p, err := r.ptr(addr + Addr(l.Off(s.name)))
		if err != nil {
			return c, err
		}
		if p == 0 {
			if s.required {
				return c, fmt.Errorf("%w: client plugin %s is NULL", ErrMalformed, s.name)
			}
			continue
		}
		if *s.dst, err = r.cstring(p, lim.MaxString); err != nil {
			return c, fmt.Errorf("client plugin %s: %w", s.name, err)
		}
	}
	for i := range c.Version {
		if c.Version[i], err = r.u32(addr + Addr(l.Off("version")+4*i)); err != nil {
			return c, err
		}
	}
	ptrs := []struct {
		name string
		dst  *Addr
	}{{"mysql_api", &c.MySQLAPI}, {"init", &c.Init}, {"deinit", &c.Deinit}, {"options", &c.Options},
		{"get_options", &c.GetOptions}, {"authenticate_user", &c.AuthenticateUser},
		{"authenticate_user_nonblocking", &c.AuthenticateUserNonblocking}}
	for _, p := range ptrs {
		if !l.Has(p.name) {
			continue
		}
		if *p.dst, err = r.ptr(addr + Addr(l.Off(p.name))); err != nil {
			return c, err
		}
	}
	return c, nil
}
