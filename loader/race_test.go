//go:build race

package loader_test

// raceEnabled: the test binary runs under the race detector, whose shadow
// memory makes RSS readings meaningless.
const raceEnabled = true
