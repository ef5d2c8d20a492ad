package mysqlabi_test

import (
	"encoding/json"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/myplugload/myplugload/internal/testbuild"
	"github.com/myplugload/myplugload/mysqlabi"
)

// layoutReport is what cplugins/abi_layout.c prints.
type layoutReport struct {
	Generation mysqlabi.Generation `json:"generation"`
	Structs    []struct {
		Name   string `json:"name"`
		Size   int    `json:"size"`
		Fields []struct {
			Name   string `json:"name"`
			Offset int    `json:"offset"`
			Size   int    `json:"size"`
		} `json:"fields"`
	} `json:"structs"`
}

// TestLayoutConformance compares every struct layout of mysqlabi, member by
// member, with what the C compiler made of our headers (8.0 and 5.7
// generations) and of Debian's MariaDB server headers.
func TestLayoutConformance(t *testing.T) {
	for _, tc := range []struct {
		program string
		gen     mysqlabi.Generation
	}{
		{"cplugins/abi_layout_80", mysqlabi.GenMySQL80},
		{"cplugins/abi_layout_57", mysqlabi.GenMySQL57},
		{"cplugins/abi_layout_mariadb", mysqlabi.GenMariaDB},
	} {
		t.Run(string(tc.gen), func(t *testing.T) {
			out, err := exec.Command(testbuild.File(t, tc.program)).Output()
			require.NoError(t, err)
			var rep layoutReport
			require.NoError(t, json.Unmarshal(out, &rep))
			require.Equal(t, tc.gen, rep.Generation)

			want := map[string]*mysqlabi.Struct{}
			for _, s := range mysqlabi.Layouts(tc.gen) {
				want[s.Name] = s
			}
			seen := map[string]bool{}
			for _, c := range rep.Structs {
				seen[c.Name] = true
				g, ok := want[c.Name]
				if !assert.True(t, ok, "the C program prints %s, which mysqlabi has no layout for", c.Name) {
					continue
				}
				assert.Equal(t, c.Size, g.Size, "sizeof(%s)", c.Name)
				if !assert.Len(t, g.Fields, len(c.Fields), "%s: number of members", c.Name) {
					continue
				}
				for i, cf := range c.Fields {
					gf := g.Fields[i]
					assert.Equal(t, cf.Name, gf.Name, "%s member %d", c.Name, i)
					assert.Equal(t, cf.Offset, gf.Offset, "offsetof(%s, %s)", c.Name, cf.Name)
					assert.Equal(t, cf.Size, gf.Size, "sizeof(%s.%s)", c.Name, cf.Name)
				}
			}
			for name := range want {
				assert.True(t, seen[name], "mysqlabi has a %s layout for %s that the C program does not check", name, tc.gen)
			}
		})
	}
}
