package main

import (
	"slices"
	"strings"

	"github.com/myplugload/myplugload/mysqlabi"
)

// The sql command number the audit plugins see for a statement, derived
// from its first keywords with the profile's table (mysqlabi.SQLCommands).

// classify returns the sql command of a statement for profile p: the
// entry with the longest matching keyword prefix; an unknown statement is
// SELECT's number with the name of its first keyword.
func classify(p *mysqlabi.Profile, query string) mysqlabi.SQLCommand {
	table := p.SQLCommands()
	var words []string
	if toks, err := lex(query); err == nil {
		for _, t := range toks {
			if t.kind != tokWord || len(words) == 4 {
				break
			}
			words = append(words, strings.ToUpper(t.val))
		}
	}
	best, bestLen := mysqlabi.SQLCommand{Num: 0, Name: "select"}, 0
	if len(words) > 0 {
		best.Name = strings.ToLower(words[0])
	}
	for _, c := range table {
		kw := strings.Fields(c.Keywords)
		if len(kw) > bestLen && len(kw) <= len(words) && slices.Equal(kw, words[:len(kw)]) {
			best, bestLen = c, len(kw)
		}
	}
	return best
}
