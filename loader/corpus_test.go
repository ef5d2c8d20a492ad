package loader_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/loader"
	"github.com/myplugload/myplugload/mysqlabi"
)

// corpusExpect is loader/testdata/corpus_expect.json: what the reference
// documents record for Debian's MariaDB 10.11 plugin binaries, mostly
// information_schema.PLUGINS rows a real mariadbd printed.
type corpusExpect struct {
	Libraries []struct {
		File    string `json:"file"`
		Plugins []struct {
			Name        string `json:"name"`
			Type        string `json:"type"`
			Version     string `json:"version"`
			TypeVersion string `json:"type_version"`
			Author      string `json:"author"`
			Description string `json:"description"`
			License     string `json:"license"`
			Maturity    string `json:"maturity"`
			AuthVersion string `json:"auth_version"`
		} `json:"plugins"`
		Services      map[string]uint32 `json:"services"`
		Needed        []string          `json:"needed"`
		ServerSymbols *int              `json:"server_symbols"`
		PlainDlopen   *bool             `json:"plain_dlopen"`
		MariaABI      *abiExpect        `json:"maria_abi"`
		MySQLABI      *abiExpect        `json:"mysql_abi"`
		MySQLPlugins  []struct {
			Type               string `json:"type"`
			AuthorLeadingSpace bool   `json:"author_leading_space"`
			Flags              uint64 `json:"flags"`
		} `json:"mysql_plugins"`
		ClientPlugin *struct {
			InterfaceVersion uint32    `json:"interface_version"`
			Version          [3]uint32 `json:"version"`
			Type             *int32    `json:"type"`
		} `json:"client_plugin"`
	} `json:"libraries"`
}

type abiExpect struct {
	InterfaceVersion int32 `json:"interface_version"`
	SizeofStruct     int32 `json:"sizeof_struct"`
}

// corpusFiles lists the corpus libraries, relative to corpus/plugins.
func corpusFiles(t *testing.T, dir string) []string {
	f, err := os.Open(filepath.Join(dir, "plugins", "LIST"))
	require.NoError(t, err)
	defer f.Close()
	var files []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			files = append(files, l)
		}
	}
	require.NoError(t, sc.Err())
	return files
}

// corpusVersionID reads the MariaDB version of the fetched packages: the
// descriptor versions of daemon, storage engine and I_S plugins are built
// from it.
func corpusVersionID(t *testing.T, dir string) int {
	b, err := os.ReadFile(filepath.Join(dir, "VERSION"))
	require.NoError(t, err)
	m := regexp.MustCompile(`mariadb-server (?:\d+:)?(\d+)\.(\d+)\.(\d+)`).FindSubmatch(b)
	require.NotNil(t, m, "corpus/VERSION names no mariadb-server version")
	var a, b2, c int
	fmt.Sscan(string(m[1]), &a)
	fmt.Sscan(string(m[2]), &b2)
	fmt.Sscan(string(m[3]), &c)
	return a*10000 + b2*100 + c
}

// TestCorpusStatic inspects every Debian MariaDB plugin binary without
// running it and compares what it declares with what mariadbd reported.
func TestCorpusStatic(t *testing.T) {
	dir := testbuild.CorpusDir(t)
	files := corpusFiles(t, dir)
	require.GreaterOrEqual(t, len(files), 36, "the corpus has the Debian plugin files")
	var exp corpusExpect
	raw, err := os.ReadFile("testdata/corpus_expect.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &exp))
	byFile := map[string]int{}
	for i, l := range exp.Libraries {
		byFile[l.File] = i
	}
	versionID := corpusVersionID(t, dir)

	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			lib, err := loader.Inspect(filepath.Join(dir, "plugins", file))
			require.NoError(t, err)
			i, ok := byFile[file]
			if !ok {
				return // no reference values (ha_mroonga, ha_rocksdb): reading it is the test
			}
			e := exp.Libraries[i]
			if len(e.Plugins) > 0 {
				set, ok := lib.Set(mysqlabi.FamilyMaria)
				require.True(t, ok, "a _maria_ declaration set")
				require.Len(t, set.Plugins, len(e.Plugins))
				for j, want := range e.Plugins {
					got := set.Plugins[j]
					assert.Equal(t, want.Name, got.Name)
					assert.Equal(t, want.Type, got.TypeName, want.Name)
					assert.Equal(t, want.Version, got.VersionString(), want.Name)
					wantTV := strings.Replace(want.TypeVersion, "101119.0", fmt.Sprintf("%d.0", versionID), 1)
					assert.Equal(t, wantTV, mysqlabi.FormatVersion(uint32(got.InfoVersion)), want.Name)
					assert.Equal(t, want.Author, got.Author, want.Name)
					assert.Equal(t, want.Description, got.Description, want.Name)
					assert.Equal(t, want.License, got.License.String(), want.Name)
					assert.Equal(t, want.Maturity, got.Maturity.String(), want.Name)
					assert.Equal(t, want.AuthVersion, got.VersionInfo, want.Name)
				}
			}
			if e.MariaABI != nil {
				set, ok := lib.Set(mysqlabi.FamilyMaria)
				require.True(t, ok)
				assert.Equal(t, e.MariaABI.InterfaceVersion, set.ABI.InterfaceVersion)
				assert.Equal(t, e.MariaABI.SizeofStruct, set.ABI.SizeofPlugin)
			}
			if e.MySQLABI != nil {
				set, ok := lib.Set(mysqlabi.FamilyMySQL)
				require.True(t, ok, "a _mysql_ declaration set")
				assert.Equal(t, e.MySQLABI.InterfaceVersion, set.ABI.InterfaceVersion)
				assert.Equal(t, e.MySQLABI.SizeofStruct, set.ABI.SizeofPlugin)
				assert.NotEmpty(t, set.Plugins)
				if len(e.MySQLPlugins) > 0 {
					require.Len(t, set.Plugins, len(e.MySQLPlugins))
				}
				for j, want := range e.MySQLPlugins {
					got := set.Plugins[j]
					assert.Equal(t, want.Type, got.TypeName)
					assert.Equal(t, want.AuthorLeadingSpace, strings.HasPrefix(got.Author, " "))
					assert.Equal(t, mysqlabi.PluginOption(want.Flags), got.Flags)
				}
			} else if e.MariaABI != nil {
				_, ok := lib.Set(mysqlabi.FamilyMySQL)
				assert.False(t, ok, "only _maria_ declarations")
			}
			if e.Services != nil {
				got := map[string]uint32{}
				for _, s := range lib.Services {
					got[s.Name] = s.Version
				}
				assert.Equal(t, e.Services, got, "service pointers and the versions they want")
			}
			for _, n := range e.Needed {
				assert.Contains(t, lib.Needed, n)
			}
			if e.ServerSymbols != nil && len(lib.MissingLibraries) == 0 {
				assert.Len(t, lib.ServerSymbols, *e.ServerSymbols, "server symbols: %v", lib.ServerSymbols)
			}
			if c := e.ClientPlugin; c != nil {
				require.NotNil(t, lib.Client)
				assert.Equal(t, c.InterfaceVersion, lib.Client.InterfaceVersion)
				if c.Type != nil {
					assert.Equal(t, *c.Type, lib.Client.Type)
				}
			}
		})
	}
}

// constructorDefaults: per corpus file, the system variable defaults its
// ELF constructor sets.
var constructorDefaults = map[string]map[string]string{
	"server/server_audit.so":            {"loc_info": strings.Repeat("O", 2203)},
	"server/cracklib_password_check.so": {"dictionary": "/var/cache/cracklib/cracklib_dict"},
}

// TestCorpusLiveMatchesStatic loads every corpus library whose imports
// resolve in the host process (its server symbols are among those the
// host exports, every needed library is present) and checks the live view
// equals the static one; the others must fail dlopen cleanly.
func TestCorpusLiveMatchesStatic(t *testing.T) {
	dir := testbuild.CorpusDir(t)
	loaded := 0
	for _, file := range corpusFiles(t, dir) {
		path := filepath.Join(dir, "plugins", file)
		static, err := loader.Inspect(path)
		require.NoError(t, err, file)
		exported := true
		for _, s := range static.ServerSymbols {
			exported = exported && slices.Contains(native.ServerSymbols, s)
		}
		if !exported || len(static.MissingLibraries) > 0 {
			_, err := loader.InspectLive(path)
			assert.Error(t, err, "%s needs %v %v: dlopen must fail cleanly", file, static.ServerSymbols, static.MissingLibraries)
			continue
		}
		live, err := loader.InspectLive(path)
		require.NoError(t, err, file)
		// ELF constructors run inside dlopen and may rewrite declared
		// defaults: the legitimate differences between the file and the
		// running library. server_audit fills loc_info with 'O's after
		// reading server_version (reference §4.3); cracklib_password_check
		// asks libcrack for its default dictionary.
		for i := range live.Sets {
			for p := range live.Sets[i].Plugins {
				vars := live.Sets[i].Plugins[p].SystemVars
				for v := range vars {
					want, ok := constructorDefaults[file][vars[v].Name]
					if !ok {
						continue
					}
					assert.Equal(t, want, vars[v].DefaultString, "%s: %s after the constructor", file, vars[v].Name)
					orig := static.Sets[i].Plugins[p].SystemVars[v]
					vars[v].DefaultString, vars[v].DefaultNull = orig.DefaultString, orig.DefaultNull
				}
			}
		}
		assert.Equal(t, stripAddrs(static), stripAddrs(live), file)
		loaded++
	}
	assert.GreaterOrEqual(t, loaded, 15, "the libraries the reference loads in a plain process")
}

// TestCorpusServerExports: every Debian server library binds against what
// Debian's mariadbd exports (with the libraries it links), as the real
// server loaded them; against an executable that is not a server (ls)
// each library importing server symbols fails with the server's dlopen
// error.
func TestCorpusServerExports(t *testing.T) {
	const mariadbd = "/usr/sbin/mariadbd"
	if _, err := os.Stat(mariadbd); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s: %v (make test installs mariadb-server-core)", mariadbd, err)
		}
		t.Skipf("%s: %v", mariadbd, err)
	}
	server, err := loader.ReadServerExports(mariadbd)
	require.NoError(t, err)
	notServer, err := loader.ReadServerExports("/bin/ls")
	require.NoError(t, err)
	dir := testbuild.CorpusDir(t)
	checked := 0
	for _, file := range corpusFiles(t, dir) {
		if !strings.HasPrefix(file, "server/") {
			continue
		}
		lib, err := loader.Inspect(filepath.Join(dir, "plugins", file))
		require.NoError(t, err)
		if len(lib.MissingLibraries) > 0 || len(lib.ServerSymbols) == 0 {
			continue
		}
		checked++
		assert.Empty(t, server.Missing(lib.ServerSymbols), "%s: what mariadbd does not export", file)
		v := lib.Check(mysqlabi.MariaDB1011, loader.CheckOptions{Server: notServer, Maturity: mysqlabi.MaturityUnknown, MaturitySet: true})
		require.NotEmpty(t, v.Errors, file)
		assert.Equal(t, 1126, v.Errors[0].Code, file)
		assert.Contains(t, v.Errors[0].Message, ": undefined symbol: "+notServer.Missing(lib.ServerSymbols)[0], file)
	}
	assert.GreaterOrEqual(t, checked, 15)
}
