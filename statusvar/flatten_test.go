package statusvar

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/myplugload/myplugload/mysqlabi"
)

func TestFlatten(t *testing.T) {
	long := strings.Repeat("x", 70)
	tree := []mysqlabi.ShowVar{
		{Name: "p_a", Type: mysqlabi.ShowLong},
		{Name: "p_arr", Type: mysqlabi.ShowArray, Children: []mysqlabi.ShowVar{
			{Name: "b", Type: mysqlabi.ShowInt},
			{Name: "deep", Type: mysqlabi.ShowArray, Children: []mysqlabi.ShowVar{{Name: "c", Type: mysqlabi.ShowChar}}},
			{Name: long, Type: mysqlabi.ShowBool},
		}},
		{Name: "p_empty", Type: mysqlabi.ShowArray},
	}
	var names []string
	for _, f := range Flatten(tree) {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"p_a", "p_arr_b", "p_arr_deep_c", ("p_arr_" + long)[:63]}, names,
		"array names are prefixes, never rows; names are cut to 63 bytes")
}
