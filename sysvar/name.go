package sysvar

import "strings"

// SQLName returns the name SHOW VARIABLES gives a plugin's global system
// variable: "<plugin>_<var>", lower-cased, with '-' turned into '_'.
func SQLName(plugin, variable string) string {
	return strings.ReplaceAll(strings.ToLower(plugin+"_"+variable), "-", "_")
}
