//go:build !cgo

package native

// FTLayout gives the offsets of the MYSQL_FTPARSER_BOOLEAN_INFO members.
type FTLayout struct {
	Type, YesNo, WeightAdjust, WasSign, Trunc, Position, Prev, Quot, Size int
}

// Where an FTParser run stopped.
const (
	FTStageOK    = 0
	FTStageInit  = 1
	FTStageParse = 2
	FTStageNoMem = 3
)

// FTParser is a full-text parser; without cgo it cannot run.
type FTParser struct{}

// NewFTParser returns an empty parser.
func NewFTParser(parse, init, deinit uintptr, l FTLayout) FTParser { return FTParser{} }

// Free does nothing.
func (FTParser) Free() {}

// FTResult holds a run's words; without cgo it is empty.
type FTResult struct{}

// NewFTResult returns an empty result.
func NewFTResult() *FTResult { return &FTResult{} }

// Free does nothing.
func (*FTResult) Free() {}

// FTWord is a word a parser added.
type FTWord struct {
	Doc          int
	Text         string
	Position     int
	HasInfo      bool
	Type         int
	YesNo        int
	WeightAdjust int
	InfoPosition int
	WasSign      bool
	Trunc        bool
	Prev         byte
	Quot         bool
}

// FTOutcome is how a run ended.
type FTOutcome struct {
	Stage, RC, Doc int
}

// Run reports out of memory: there is no C side.
func (FTParser) Run(THD, []string, int, *FTResult) FTOutcome {
	return FTOutcome{Stage: FTStageNoMem, Doc: -1}
}

// RunOne reports out of memory: there is no C side.
func (FTParser) RunOne(THD, string, int, *FTResult) FTOutcome {
	return FTOutcome{Stage: FTStageNoMem, Doc: -1}
}

// Len is 0: there is no C side.
func (*FTResult) Len() int { return 0 }

// Text is empty: there is no C side.
func (*FTResult) Text() string { return "" }

// At returns an empty word: there is no C side.
func (*FTResult) At(int, string, []string) FTWord { return FTWord{} }

// BenchFTParseC does nothing without cgo.
func BenchFTParseC(FTParser, THD, string, int, int) int { return 0 }
