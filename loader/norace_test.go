//go:build !race

package loader_test

// raceEnabled: the test binary runs under the race detector.
const raceEnabled = false
