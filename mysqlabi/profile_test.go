package mysqlabi

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLibraryVersionRule(t *testing.T) {
	for _, tc := range []struct {
		p    *Profile
		f    Family
		v    int32
		want bool
	}{
		{MySQL80, FamilyMySQL, 0x010B, true},
		{MySQL80, FamilyMySQL, 0x0107, true}, // a 5.7 library: any 0x01xx
		{MySQL80, FamilyMySQL, 0x01FF, true}, // a newer minor is accepted
		{MySQL80, FamilyMySQL, 0x0100, true},
		{MySQL80, FamilyMySQL, 0x00FF, false}, // below 0x0100
		{MySQL80, FamilyMySQL, 0x0000, false},
		{MySQL80, FamilyMySQL, 0x0200, false}, // a newer major
		{MySQL80, FamilyMaria, 0x010f, false}, // MySQL reads no _maria_ symbols
		{MySQL57, FamilyMySQL, 0x010B, true},
		{MariaDB1011, FamilyMaria, 0x010f, true},
		{MariaDB1011, FamilyMaria, 0x0100, true},
		{MariaDB1011, FamilyMaria, 0x0200, false},
		{MariaDB1011, FamilyMySQL, 0x0104, true},
		{MariaDB1011, FamilyMySQL, 0x010B, true}, // mariadbd accepts a MySQL 8.0 library version
		{MariaDB1011, FamilyClient, 0x0100, false},
	} {
		assert.Equal(t, tc.want, tc.p.AcceptsLibraryVersion(tc.f, tc.v), "%s %s 0x%04x", tc.p, tc.f, tc.v)
	}
}

func TestTypeVersionRule(t *testing.T) {
	for _, tc := range []struct {
		p    *Profile
		t    PluginType
		v    int32
		want bool
	}{
		{MySQL80, PluginDaemon, 80043 << 8, true},
		{MySQL80, PluginDaemon, 80042 << 8, false}, // daemon descriptors pin MYSQL_VERSION_ID
		{MySQL80, PluginDaemon, 50744 << 8, false},
		{MySQL80, PluginAudit, 0x0401, true},
		{MySQL80, PluginAudit, 0x0402, true},  // newer minor
		{MySQL80, PluginAudit, 0x0400, false}, // older minor
		{MySQL80, PluginAudit, 0x0301, false}, // 5.5/5.6 API
		{MySQL80, PluginAuthentication, 0x0201, true},
		{MySQL80, PluginAuthentication, 0x0101, false},
		{MySQL57, PluginAuthentication, 0x0101, true},
		{MySQL57, PluginClone, 0x0100, false}, // 5.7 has no type 11
		{MySQL80, PluginClone, 0x0100, true},
		{MySQL80, 99, 0x0100, false},
		{MySQL80, -1, 0x0100, false},
		{MariaDB1011, PluginDaemon, 101119 << 8, true},
		{MariaDB1011, PluginAuthentication, 0x0200, true}, // min 0x0200, cur 0x0202
		{MariaDB1011, PluginAuthentication, 0x0202, true},
		{MariaDB1011, PluginAuthentication, 0x0300, false},
		{MariaDB1011, MariaPluginPasswordValidation, 0x0101, true},
		{MariaDB1011, MariaPluginPasswordValidation, 0x0200, false},
		{MariaDB1011, PluginAudit, 0x0302, true},
		{MariaDB1011, PluginAudit, 0x0401, false},
	} {
		assert.Equal(t, tc.want, tc.p.AcceptsTypeVersion(tc.t, tc.v), "%s type %d 0x%x", tc.p, tc.t, tc.v)
	}
}

func TestServiceVersionRule(t *testing.T) {
	sec, ok := MySQL80.Service("security_context_service")
	require.True(t, ok)
	assert.True(t, AcceptsServiceVersion(sec, 0x0101))
	assert.True(t, AcceptsServiceVersion(sec, 0x0100), "an older minor is accepted")
	assert.False(t, AcceptsServiceVersion(sec, 0x0102), "a newer minor is refused")
	assert.False(t, AcceptsServiceVersion(sec, 0x0001), "an older major is refused")
	assert.False(t, AcceptsServiceVersion(sec, 0x0200))
	_, ok = MySQL80.Service("my_snprintf_service")
	assert.False(t, ok, "8.0 no longer links my_snprintf_service")
	_, ok = MySQL57.Service("my_snprintf_service")
	assert.True(t, ok)
	sha1, ok := MariaDB1011.Service("my_sha1_service")
	require.True(t, ok)
	assert.Equal(t, uint32(0x0101), sha1.Version)
}

func TestProfiles(t *testing.T) {
	for _, p := range Profiles {
		got, err := LookupProfile(p.Name)
		require.NoError(t, err)
		assert.Same(t, p, got)
		assert.Len(t, p.TypeNames, int(p.MaxPluginType), p.Name)
		assert.Len(t, p.TypeVersions, int(p.MaxPluginType), p.Name)
		assert.True(t, p.ReadsFamily(p.ABI.Family))
		l, err := p.ABI.DeclarationLayout()
		require.NoError(t, err)
		assert.Equal(t, int(p.ABI.SizeofPlugin), l.Size)
	}
	_, err := LookupProfile("oracle-23")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "known: mariadb-10.11, mysql-5.7, mysql-8.0, mysql-8.4")
	assert.Equal(t, "VALIDATE PASSWORD", MySQL80.TypeName(8))
	assert.Equal(t, "PASSWORD VALIDATION", MariaDB1011.TypeName(8))
	assert.Equal(t, "", MySQL57.TypeName(PluginClone))
	assert.Equal(t, []Family{FamilyMaria, FamilyMySQL}, MariaDB1011.Families, "mariadbd tries _maria_ first")
	assert.True(t, MariaDB1011.ServerVersion[:2] == "10" && len(MariaDB1011.ServerVersion) > 0)
	assert.Contains(t, MariaDB1011.ServerVersion, "MariaDB", "server_audit's constructor looks for MariaDB")
}

func TestABITables(t *testing.T) {
	assert.Equal(t, ShowVarScoped, abi80().ShowVarLayout())
	assert.Equal(t, ShowVarScoped, abi57().ShowVarLayout())
	assert.Equal(t, ShowVarPlain, ABI{FamilyMySQL, 0x0104, 104}.ShowVarLayout(), "5.6 has no scope")
	assert.Equal(t, ShowVarPlain, abiMaria().ShowVarLayout())
	assert.Equal(t, uint32(0x40000), abi80().VarFlags().Invisible)
	assert.Equal(t, uint32(0x10000), abi57().VarFlags().Invisible)
	assert.Equal(t, uint32(0x4000), abiMaria().VarFlags().Deprecated)
	assert.Zero(t, abiMaria().VarFlags().NoDefault)
	assert.Equal(t, []string{"THDLOCAL", "MEMALLOC", "INVISIBLE"}, abi80().VarFlags().Names(0x48105))
	assert.Equal(t, []string{"THDLOCAL", "MEMALLOC", "NOPERSIST"}, abi80().VarFlags().Names(0x18105),
		"a 5.7 plugin's INVISIBLE reads as NOPERSIST in 8.0")
	assert.Equal(t, []string{"READONLY", "0x100000"}, abi80().VarFlags().Names(0x100201))
	assert.Equal(t, Typelib80, abi80().Typelib())
	assert.Equal(t, Typelib57, abi57().Typelib())
	assert.Equal(t, ShowSignedLong, abi57().ShowTypes().Type(21))
	assert.Equal(t, ShowSignedInt, abi80().ShowTypes().Type(21))
	assert.Equal(t, ShowUnknown, ABI{FamilyMySQL, 0x0104, 104}.ShowTypes().Type(21))
}

func TestLayoutSizes(t *testing.T) {
	// The sizes the reference documents for LP64; the conformance test
	// checks every member against a C compiler as well.
	for _, tc := range []struct {
		s    *Struct
		size int
	}{
		{PluginDecl51, 96}, {PluginDecl57, 104}, {PluginDecl80, 112}, {MariaPluginDecl, 104},
		{ShowVarScoped, 24}, {ShowVarPlain, 24}, {Typelib80, 32}, {Typelib57, 32},
		{ClientPlugin80, 96}, {ClientPlugin57, 88}, {ClientAuth57, 96}, {ClientAuth80, 112},
		{Audit80, 128}, {Audit57, 112}, {MariaAudit, 32}, {EventGeneral, 152}, {EventConnection, 136},
		{MariaEventGeneral, 112}, {MariaEventConnection, 128}, {FTBooleanInfo, 32}, {FTParserParam, 64},
		{PluginVIO80, 40}, {ServerAuthInfo80, 696}, {Auth80, 64}, {UDFArgs, 64}, {UDFInit, 40},
		{SysVarShape(VarBool, false), 56}, {SysVarShape(VarInt, false), 64}, {SysVarShape(VarLong, false), 80},
		{SysVarShape(VarEnum, false), 64}, {SysVarShape(VarBool, true), 56}, {SysVarShape(VarStr, true), 64},
		{SysVarShape(VarInt, true), 72}, {SysVarShape(VarDouble, true), 88}, {SysVarShape(VarSet, true), 72},
	} {
		assert.Equal(t, tc.size, tc.s.Size, tc.s.Name)
	}
	assert.Equal(t, 56, PluginDecl57.Off("deinit"))
	assert.Equal(t, 64, PluginDecl80.Off("deinit"))
	assert.Equal(t, 96, PluginDecl57.Off("flags"))
	assert.Equal(t, 129, ServerAuthInfo80.Off("external_user"))
	assert.Equal(t, 644, ServerAuthInfo80.Off("password_used"))
	assert.Equal(t, 56, SysVarShape(VarEnum, true).Off("resolve"))
	assert.Equal(t, 64, SysVarShape(VarEnum, true).Off("typelib"))
}
