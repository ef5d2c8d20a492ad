package main

import (
	"fmt"
	"strings"

	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/statusvar"
	"github.com/myplugload/myplugload/sysvar"
)

// The JSON schema of `inspect --format json`, documented in inspectUsage.

// inspectOutputJSON is the whole output: one entry per FILE, in order.
type inspectOutputJSON struct {
	Libraries []inspectLibraryJSON `json:"libraries"`
}

// inspectLibraryJSON is one library, or the error reading it.
type inspectLibraryJSON struct {
	File             string                   `json:"file"`
	Path             string                   `json:"path"`
	Read             string                   `json:"read,omitempty"` // static, dlopen, isolated
	Error            *errorJSON               `json:"error,omitempty"`
	NeededLibraries  []string                 `json:"needed_libraries"`
	MissingLibraries []string                 `json:"missing_libraries"`
	Services         []inspectServiceJSON     `json:"services"`
	ServerSymbols    []string                 `json:"server_symbols"`
	Hostable         []inspectHostableJSON    `json:"hostable,omitempty"`
	Declarations     []inspectDeclarationJSON `json:"declarations"`
	ClientPlugin     *inspectClientJSON       `json:"client_plugin,omitempty"`
	Init             *isolateInitJSON         `json:"init,omitempty"`
}

type inspectServiceJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"` // major.minor
}

// inspectHostableJSON says whether myplugload, emulating Server, provides
// what the library links.
type inspectHostableJSON struct {
	Server string     `json:"server"`
	OK     bool       `json:"ok"`
	Error  *errorJSON `json:"error,omitempty"`
}

type inspectDeclarationJSON struct {
	Family           string              `json:"family"`            // mysql or maria
	InterfaceVersion string              `json:"interface_version"` // 0x010b
	LibraryVersion   string              `json:"plugin_library_version"`
	Sizeof           int32               `json:"sizeof_struct_st_plugin"`
	SizeofMissing    bool                `json:"sizeof_missing"`
	Plugins          []inspectPluginJSON `json:"plugins"`
}

// inspectPluginJSON is a plugin: the information_schema.PLUGINS columns
// as the static view implies them, then what PLUGINS does not show.
type inspectPluginJSON struct {
	pluginJSON
	Flags           []string               `json:"flags"`
	EntryPoints     []string               `json:"entry_points"`
	SystemVariables []inspectSysVarJSON    `json:"system_variables"`
	StatusVariables []inspectStatusVarJSON `json:"status_variables"`
}

// inspectSysVarJSON is a system variable as information_schema.SYSTEM_VARIABLES
// describes it, plus its PLUGIN_VAR_* flags.
type inspectSysVarJSON struct {
	Name        string   `json:"name"`
	Scope       string   `json:"scope"`
	Type        string   `json:"type"`
	Default     *string  `json:"default"` // null for a NULL string default
	Min         string   `json:"min,omitempty"`
	Max         string   `json:"max,omitempty"`
	BlockSize   string   `json:"block_size,omitempty"`
	EnumValues  []string `json:"enum_values,omitempty"`
	ReadOnly    bool     `json:"read_only"`
	CommandLine string   `json:"command_line,omitempty"`
	Flags       []string `json:"flags"`
	Comment     string   `json:"comment"`
}

type inspectStatusVarJSON struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type inspectClientJSON struct {
	Name             string `json:"name"`
	Type             int32  `json:"type"`
	InterfaceVersion string `json:"interface_version"`
	Version          string `json:"version"`
	Author           string `json:"author"`
	Description      string `json:"description"`
	License          string `json:"license"`
}

// inspectStaticRow is the information_schema.PLUGINS row a server of the
// plugin's own family would show before INSTALL (as ALL_PLUGINS does):
// status NOT INSTALLED, load option OFF.
func inspectStaticRow(lib *loader.Library, set loader.DeclarationSet, p loader.Plugin) pluginJSON {
	typ := p.TypeName
	if typ == "" {
		typ = fmt.Sprintf("unknown type %d", p.Type)
	}
	r := pluginJSON{
		PluginName: p.Name, PluginVersion: p.VersionString(), PluginStatus: "NOT INSTALLED",
		PluginType: typ, PluginTypeVersion: mysqlabi.FormatVersion(uint32(p.InfoVersion)),
		PluginLibrary: lib.File, PluginAuthor: p.Author, PluginDescription: p.Description,
		PluginLicense: p.License.String(), LoadOption: "OFF",
	}
	if set.ABI.Family == mysqlabi.FamilyMaria {
		r.PluginMaturity = p.Maturity.String()
		r.PluginAuthVersion = p.VersionInfo
	}
	return r
}

// inspectProfileOf is the server a declaration set is shown for.
func inspectProfileOf(f mysqlabi.Family) *mysqlabi.Profile {
	if f == mysqlabi.FamilyMaria {
		return mysqlabi.MariaDB1011
	}
	return mysqlabi.MySQL80
}

// inspectHostProfiles are the servers whose emulation inspect reports on.
var inspectHostProfiles = []*mysqlabi.Profile{mysqlabi.MySQL80, mysqlabi.MariaDB1011}

func inspectLibraryToJSON(lib *loader.Library, read string) inspectLibraryJSON {
	out := inspectLibraryJSON{
		File: lib.File, Path: lib.Path, Read: read,
		NeededLibraries: inspectList(lib.Needed), MissingLibraries: inspectList(lib.MissingLibraries),
		Services: []inspectServiceJSON{}, ServerSymbols: inspectList(lib.ServerSymbols),
		Declarations: []inspectDeclarationJSON{},
	}
	for _, s := range lib.Services {
		out.Services = append(out.Services, inspectServiceJSON{s.Name, mysqlabi.FormatVersion(s.Version)})
	}
	if lib.Client == nil {
		for _, p := range inspectHostProfiles {
			h := inspectHostableJSON{Server: p.Name, OK: true}
			if err := lib.Hostable(p); err != nil {
				e := errorOf(err)
				h.OK, h.Error = false, &e
			}
			out.Hostable = append(out.Hostable, h)
		}
	}
	for _, set := range lib.Sets {
		d := inspectDeclarationJSON{
			Family:           string(set.ABI.Family),
			InterfaceVersion: fmt.Sprintf("0x%04x", set.ABI.InterfaceVersion),
			LibraryVersion:   mysqlabi.FormatVersion(uint32(set.ABI.InterfaceVersion)),
			Sizeof:           set.ABI.SizeofPlugin, SizeofMissing: set.SizeofMissing,
			Plugins: []inspectPluginJSON{},
		}
		for _, p := range set.Plugins {
			d.Plugins = append(d.Plugins, inspectPluginToJSON(lib, set, p))
		}
		out.Declarations = append(out.Declarations, d)
	}
	if c := lib.Client; c != nil {
		out.ClientPlugin = &inspectClientJSON{
			Name: c.Name, Type: c.Type, InterfaceVersion: fmt.Sprintf("0x%04x", c.InterfaceVersion),
			Version: fmt.Sprintf("%d.%d.%d", c.Version[0], c.Version[1], c.Version[2]),
			Author:  c.Author, Description: c.Description, License: c.License,
		}
	}
	return out
}

func inspectPluginToJSON(lib *loader.Library, set loader.DeclarationSet, p loader.Plugin) inspectPluginJSON {
	out := inspectPluginJSON{
		pluginJSON:      inspectStaticRow(lib, set, p),
		Flags:           inspectList(p.Flags.Names()),
		EntryPoints:     inspectEntryPoints(p),
		SystemVariables: []inspectSysVarJSON{},
		StatusVariables: []inspectStatusVarJSON{},
	}
	prof := inspectProfileOf(set.ABI.Family)
	for _, d := range p.SystemVars {
		v := sysvar.NewVar(prof, p.Name, d)
		m := v.Metadata()
		j := inspectSysVarJSON{
			Name: v.Name, Scope: m.Scope, Type: m.Type, Default: str(m.Default),
			Min: m.Min, Max: m.Max, BlockSize: m.Block, ReadOnly: m.ReadOnly,
			CommandLine: m.CommandLine, Flags: inspectList(set.ABI.VarFlags().Names(d.Flags)), Comment: m.Comment,
		}
		if d.Type == mysqlabi.VarStr && d.DefaultNull {
			j.Default = nil
		}
		if m.EnumValues != "" {
			j.EnumValues = strings.Split(m.EnumValues, ",")
		}
		out.SystemVariables = append(out.SystemVariables, j)
	}
	for _, f := range statusvar.Flatten(p.StatusVars) {
		out.StatusVariables = append(out.StatusVariables, inspectStatusVarJSON{f.Name, f.Var.Type.String()})
	}
	return out
}

// inspectEntryPoints lists the lifecycle functions a plugin declares.
func inspectEntryPoints(p loader.Plugin) []string {
	eps := []string{}
	if p.Init != 0 {
		eps = append(eps, "init")
	}
	if p.CheckUninstall != 0 {
		eps = append(eps, "check_uninstall")
	}
	if p.Deinit != 0 {
		eps = append(eps, "deinit")
	}
	return eps
}

// inspectList makes an empty list print as [] rather than null.
func inspectList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
