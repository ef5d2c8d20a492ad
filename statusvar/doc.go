// Package statusvar owns plugin status variables: evaluation of every SHOW
// type of both server flavors, SHOW_ARRAY flattening, naming and scope,
// as SHOW STATUS presents them.
package statusvar
