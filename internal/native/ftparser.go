//go:build cgo

package native

/*
#include <stdlib.h>
#include "ftparser.h"
*/
import "C"

import (
	"unsafe"
)

// FTLayout gives the offsets of the MYSQL_FTPARSER_BOOLEAN_INFO members in
// the emulated server's layout, and its size. Position is -1 in layouts
// without that member (MySQL 5.5/5.6, MariaDB).
type FTLayout struct {
	Type, YesNo, WeightAdjust, WasSign, Trunc, Position, Prev, Quot, Size int
}

// Where an FTParser run stopped.
const (
	FTStageOK    = C.MYP_FT_OK    // every document parsed
	FTStageInit  = C.MYP_FT_INIT  // init returned non-zero
	FTStageParse = C.MYP_FT_PARSE // parse returned non-zero
	FTStageNoMem = C.MYP_FT_NOMEM // the host ran out of C memory collecting words
)

// FTParser is a full-text parser's functions and the info layout, in C
// memory.
type FTParser struct{ p *C.struct_myp_ft_parser }

// NewFTParser records a st_mysql_ftparser's parse, init and deinit (init
// and deinit may be 0).
func NewFTParser(parse, init, deinit uintptr, l FTLayout) FTParser {
	p := (*C.struct_myp_ft_parser)(C.calloc(1, C.sizeof_struct_myp_ft_parser))
	p.parse, p.init, p.deinit = ptr(parse), ptr(init), ptr(deinit)
	p.layout = C.struct_myp_ft_layout{_type: C.int(l.Type), yesno: C.int(l.YesNo),
		weight_adjust: C.int(l.WeightAdjust), wasign: C.int(l.WasSign), trunc: C.int(l.Trunc),
		position: C.int(l.Position), prev: C.int(l.Prev), quot: C.int(l.Quot), size: C.int(l.Size)}
	return FTParser{p: p}
}

// Free releases the parser record.
func (p FTParser) Free() { C.free(unsafe.Pointer(p.p)) }

// FTResult holds the words of a run in C memory; it is reused from run to
// run and used by one goroutine at a time.
type FTResult struct{ r *C.struct_myp_ft_result }

// NewFTResult allocates an empty result.
func NewFTResult() *FTResult { return &FTResult{r: C.myp_ft_result_new()} }

// Free releases the result's C memory.
func (r *FTResult) Free() {
	C.myp_ft_result_free(r.r)
	r.r = nil
}

// FTWord is a word a parser added, copied into Go memory.
type FTWord struct {
	Doc          int    // index of the document
	Text         string // the word's bytes
	Position     int    // offset in the document, or the info's position, or -1
	HasInfo      bool   // the parser passed a MYSQL_FTPARSER_BOOLEAN_INFO
	Type         int    // enum_ft_token_type
	YesNo        int
	WeightAdjust int
	InfoPosition int // info->position; -1 in layouts without it
	WasSign      bool
	Trunc        bool
	Prev         byte
	Quot         bool // info->quot was not NULL
}

// FTOutcome is how a run ended: Stage (FTStage*), the failing function's
// return code, and the document parse failed on (-1).
type FTOutcome struct {
	Stage, RC, Doc int
}

// Run parses docs as one statement does (init, parse of each document,
// deinit) with t as the session; the words stay in r (Len, Text, At).
func (p FTParser) Run(t THD, docs []string, mode int, r *FTResult) FTOutcome {
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	buf := make([]byte, 0, total)
	lens := make([]C.int, len(docs)+1)
	for i, d := range docs {
		buf = append(buf, d...)
		lens[i] = C.int(len(d))
	}
	var bp *C.char
	if len(buf) > 0 {
		bp = (*C.char)(unsafe.Pointer(&buf[0]))
	}
	C.myp_ft_run(p.p, t.p, bp, &lens[0], C.int(len(docs)), C.int(mode), r.r)
	return r.outcome()
}

// RunOne is Run for a single document, without copying it into a Go buffer.
func (p FTParser) RunOne(t THD, doc string, mode int, r *FTResult) FTOutcome {
	n := C.int(len(doc))
	var bp *C.char
	if len(doc) > 0 {
		bp = (*C.char)(unsafe.Pointer(unsafe.StringData(doc)))
	}
	C.myp_ft_run(p.p, t.p, bp, &n, 1, C.int(mode), r.r)
	return r.outcome()
}

func (r *FTResult) outcome() FTOutcome {
	return FTOutcome{Stage: int(r.r.stage), RC: int(r.r.rc), Doc: int(r.r.failed_doc)}
}

// Len is the number of words of the last run.
func (r *FTResult) Len() int { return int(r.r.nwords) }

// Text copies the bytes of the words of the last run that are not the
// documents' own into one Go string ("" when there are none); At slices
// it.
func (r *FTResult) Text() string {
	if r.r.ntext == 0 {
		return ""
	}
	return C.GoStringN(r.r.text, C.int(r.r.ntext))
}

// At returns word i of the last run; text is what Text returned and docs
// the documents of the run (Run's docs, or RunOne's doc alone): a word
// the parser left in its document is a substring of it, with no copy.
func (r *FTResult) At(i int, text string, docs []string) FTWord {
	w := &unsafe.Slice(r.r.words, r.r.nwords)[i]
	var t string
	if w.text < 0 {
		t = docs[w.doc][w.pos : w.pos+w.len]
	} else {
		t = text[w.text : w.text+w.len]
	}
	return FTWord{Doc: int(w.doc), Text: t, Position: int(w.pos),
		HasInfo: w.has_info != 0, Type: int(w._type), YesNo: int(w.yesno), WeightAdjust: int(w.weight_adjust),
		InfoPosition: int(w.info_pos), WasSign: w.wasign != 0, Trunc: w.trunc != 0, Prev: byte(w.prev),
		Quot: w.quot != 0}
}

// BenchFTParseC runs the same parse of doc iters times entirely in C (the
// baseline of the driver's benchmark) and returns the words of a run.
func BenchFTParseC(p FTParser, t THD, doc string, mode int, iters int) int {
	cs := C.CString(doc)
	defer C.free(unsafe.Pointer(cs))
	return int(C.myp_ft_bench_c(p.p, t.p, cs, C.int(len(doc)), C.int(mode), C.longlong(iters)))
}
