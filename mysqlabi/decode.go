package mysqlabi

import "fmt"

// Declaration is one entry of a library's declaration array
// (_mysql_plugin_declarations_ or _maria_plugin_declarations_), decoded
// into plain Go values. Every member is read at the offset of the
// library's own layout: a 5.7 library's deinit is its deinit, not the
// check_uninstall that mysqld's bytewise copy would make of it.
type Declaration struct {
	Index       int        // position in the array
	Addr        Addr       // address of the entry
	Type        PluginType // raw type number; a Profile names it
	Info        Addr       // type-specific descriptor
	InfoVersion int32      // its first member, interface_version
	Name        string
	Author      string
	Description string
	License     License
	Init        Addr
	Deinit      Addr
	// CheckUninstall is the check_uninstall function (MySQL 8.0 layout).
	CheckUninstall Addr
	// HasCheckUninstallSlot reports whether the layout has the member at all.
	HasCheckUninstallSlot bool
	Version               uint32       // major<<8 | minor
	Flags                 PluginOption // MySQL 5.5+ layouts
	VersionInfo           string       // MariaDB: version_info, e.g. "1.4.14"
	Maturity              Maturity     // MariaDB
	StatusVarsAddr        Addr
	SystemVarsAddr        Addr
	StatusVars            []ShowVar // decoded status variable tree
	SystemVars            []SysVar  // decoded system variable descriptors
}

// VersionString formats Version as information_schema.PLUGINS does.
func (d *Declaration) VersionString() string { return FormatVersion(d.Version) }

// DecodeOptions says how to decode a declaration array.
type DecodeOptions struct {
	ABI    ABI
	Limits Limits
	// MaxBytes is the size of the declarations symbol when it is known (the
	// static ELF reader knows it): the walk never reads past it. Zero means
	// unknown; the walk is then bounded by Limits.MaxDeclarations alone.
	MaxBytes uint64
}

func (o *DecodeOptions) limits() Limits {
	if o.Limits == (Limits{}) {
		return DefaultLimits
	}
	return o.Limits
}

// DecodeDeclarations walks the declaration array at addr up to its
// terminating entry, the first whose info is NULL, as the servers do. An
// array with no terminator within MaxBytes or Limits.MaxDeclarations is
// ErrMalformed.
func DecodeDeclarations(mem Memory, addr Addr, opts DecodeOptions) ([]Declaration, error) {
	layout, err := opts.ABI.DeclarationLayout()
	if err != nil {
		return nil, err
	}
	lim := opts.limits()
	stride := uint64(opts.ABI.SizeofPlugin)
	r := &reader{mem: mem}
	var out []Declaration
	for i := 0; ; i++ {
		if i >= lim.MaxDeclarations {
			return nil, fmt.Errorf("%w: no terminating entry (info == NULL) in the first %d declarations",
				ErrMalformed, lim.MaxDeclarations)
		}
		if opts.MaxBytes > 0 && uint64(i+1)*stride > opts.MaxBytes {
			return nil, fmt.Errorf("%w: no terminating entry (info == NULL) within the %d bytes of the declarations symbol (%d entries of %d bytes)",
				ErrMalformed, opts.MaxBytes, i, stride)
		}
		base := addr + Addr(uint64(i)*stride)
		info, err := r.ptr(base + Addr(layout.Off("info")))
		if err != nil {
			return nil, fmt.Errorf("declaration %d: %w", i, err)
		}
		if info == 0 {
			return out, nil
		}
		d, err := decodeDeclaration(r, base, layout, int(stride), opts.ABI, lim)
		if err != nil {
			return nil, fmt.Errorf("declaration %d: %w", i, err)
		}
		d.Index = i
		out = append(out, d)
	}
}

func decodeDeclaration(r *reader, base Addr, layout *Struct, stride int, abi ABI, lim Limits) (Declaration, error) {
	d := Declaration{Addr: base}
	// get reads a member; members past the library's stride read as zero,
	// as in mysqld's zero-filled copy.
	get := func(name string) (uint64, error) {
		f, ok := layout.Field(name)
		if !ok || f.Offset+f.Size > stride {
			return 0, nil
		}
		return r.field(base, f)
	}
	str := func(name string, required bool) (string, error) {
		p, err := get(name)
		if err != nil || p == 0 {
			if err == nil && required {
				err = fmt.Errorf("%w: %s is NULL", ErrMalformed, name)
			}
			return "", err
		}
		s, err := r.cstring(Addr(p), lim.MaxString)
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		return s, nil
	}
	var err error
	var v uint64
	if v, err = get("type"); err != nil {
		return d, err
	}
	d.Type = PluginType(int32(v))
	if v, err = get("info"); err != nil {
		return d, err
	}
	d.Info = Addr(v)
	iv, err := r.u32(d.Info)
	if err != nil {
		return d, fmt.Errorf("info descriptor: %w", err)
	}
	d.InfoVersion = int32(iv)
	if d.Name, err = str("name", true); err != nil {
		return d, err
	}
	if d.Author, err = str("author", false); err != nil {
		return d, err
	}
	if d.Description, err = str("descr", false); err != nil {
		return d, err
	}
	if v, err = get("license"); err != nil {
		return d, err
	}
	d.License = License(int32(v))
	addrs := []struct {
		name string
		dst  *Addr
	}{{"init", &d.Init}, {"check_uninstall", &d.CheckUninstall}, {"deinit", &d.Deinit},
		{"status_vars", &d.StatusVarsAddr}, {"system_vars", &d.SystemVarsAddr}}
	for _, a := range addrs {
		if v, err = get(a.name); err != nil {
			return d, err
		}
		*a.dst = Addr(v)
	}
	d.HasCheckUninstallSlot = layout.Has("check_uninstall")
	if v, err = get("version"); err != nil {
		return d, err
	}
	d.Version = uint32(v)
	if v, err = get("flags"); err != nil {
		return d, err
	}
	d.Flags = PluginOption(v)
	if d.VersionInfo, err = str("version_info", false); err != nil {
		return d, err
	}
	if v, err = get("maturity"); err != nil {
		return d, err
	}
	d.Maturity = Maturity(v)

	if d.SystemVars, err = DecodeSysVars(r.mem, d.SystemVarsAddr, abi, lim); err != nil {
		return d, fmt.Errorf("plugin %q: %w", d.Name, err)
	}
	if d.StatusVars, err = DecodeShowVars(r.mem, d.StatusVarsAddr, abi, lim); err != nil {
		return d, fmt.Errorf("plugin %q: %w", d.Name, err)
	}
	return d, nil
}
