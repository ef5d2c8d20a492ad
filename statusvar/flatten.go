package statusvar

import "github.com/myplugload/myplugload/mysqlabi"

// Flat is one status variable as SHOW STATUS names it.
type Flat struct {
	Name string
	Var  mysqlabi.ShowVar
}

// Flatten turns a declared SHOW_VAR tree into the rows SHOW STATUS shows:
// a SHOW_ARRAY entry is replaced by its children named "<parent>_<child>",
// recursively, each name cut to SHOW_VAR_MAX_NAME_LEN-1 bytes.
func Flatten(vars []mysqlabi.ShowVar) []Flat {
	var out []Flat
	flatten(&out, "", vars)
	return out
}

func flatten(out *[]Flat, prefix string, vars []mysqlabi.ShowVar) {
	for _, v := range vars {
		name := v.Name
		if prefix != "" {
			name = prefix + "_" + name
		}
		if len(name) > mysqlabi.ShowVarMaxNameLen-1 {
			name = name[:mysqlabi.ShowVarMaxNameLen-1]
		}
		if v.Type == mysqlabi.ShowArray {
			flatten(out, name, v.Children)
			continue
		}
		*out = append(*out, Flat{Name: name, Var: v})
	}
}
