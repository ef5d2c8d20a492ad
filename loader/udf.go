package loader

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
)

// UDFType is a loadable function's result or argument type: the server's
// Item_result.
type UDFType int

// The UDF types.
const (
	UDFString  UDFType = 0 // STRING_RESULT
	UDFReal    UDFType = 1 // REAL_RESULT
	UDFInt     UDFType = 2 // INT_RESULT
	UDFRow     UDFType = 3 // ROW_RESULT: not a valid UDF type
	UDFDecimal UDFType = 4 // DECIMAL_RESULT: values travel as text
)

// String returns the CREATE FUNCTION ... RETURNS keyword.
func (t UDFType) String() string {
	switch t {
	case UDFString:
		return "STRING"
	case UDFReal:
		return "REAL"
	case UDFInt:
		return "INTEGER"
	case UDFRow:
		return "ROW"
	case UDFDecimal:
		return "DECIMAL"
	}
	return fmt.Sprintf("UDFType(%d)", int(t))
}

// Symbol name suffixes a server looks up with dlsym.
const (
	udfInitSuffix   = "_init"
	udfDeinitSuffix = "_deinit"
	udfClearSuffix  = "_clear"
	udfAddSuffix    = "_add"
)

// erTooLongIdent is the error for a function name over 64 characters.
var erTooLongIdent = mysqlabi.ServerError{Code: 1059, SQLState: "42000", Name: "ER_TOO_LONG_IDENT",
	MySQL: "Identifier name '%-.100s' is too long"}

// Function is a loadable function created with CreateFunction. Its entry
// points stay valid until DropFunction and the end of the last statement
// that uses it.
type Function struct {
	h         *Host
	name      string
	ret       UDFType
	aggregate bool
	file      string
	handle    uintptr
	funcs     native.UDFFuncs

	mu      sync.Mutex
	calls   int  // open UDFCalls
	dropped bool // DropFunction ran: unload after the last call
}

// Name returns the name as created (dlsym uses it exactly).
func (f *Function) Name() string { return f.name }

// Returns returns the declared result type.
func (f *Function) Returns() UDFType { return f.ret }

// Aggregate reports whether it was created with CREATE AGGREGATE FUNCTION.
func (f *Function) Aggregate() bool { return f.aggregate }

// Library returns the library file name (mysql.func's dl).
func (f *Function) Library() string { return f.file }

// udfRegistry holds a host's functions (mysqld's mysql.func in memory).
type udfRegistry struct {
	mu    sync.Mutex
	funcs map[string]*Function // by lower-case name
}

func (h *Host) udfs() *udfRegistry {
	r := &h.udf
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.funcs == nil {
		r.funcs = map[string]*Function{}
	}
	return r
}

// dropFunctions drops every function when the host closes; a library is
// closed once no statement uses its function.
func (h *Host) dropFunctions() {
	r := &h.udf
	r.mu.Lock()
	funcs := r.funcs
	r.funcs = nil
	r.mu.Unlock()
	for _, f := range funcs {
		f.mu.Lock()
		f.dropped = true
		f.unloadIfIdle()
		f.mu.Unlock()
	}
}

// CreateFunction is CREATE [AGGREGATE] FUNCTION name RETURNS ret SONAME
// 'soname'. As mysqld and mariadbd do, it refuses a library name with a
// path (ER_UDF_NO_PATHS 1124), a name over 64 characters
// (ER_TOO_LONG_IDENT 1059), a name already created (ER_UDF_EXISTS 1125,
// case-insensitively), a library that does not open (ER_CANT_OPEN_LIBRARY
// 1126), and missing entry points (ER_CANT_FIND_DL_ENTRY 1127): name
// itself; for an aggregate name_clear and name_add; for a plain function
// at least one of name_init and name_deinit (the servers' rule without
// --allow-suspicious-udfs; the error then names name_init). Symbols are
// looked up with the name exactly as given. No ".so" is appended.
//
// The library is opened with its own dlopen handle (RTLD_NOW); a library
// the host has loaded for its plugins is the same mapping, so a UDF sees
// the state its plugins' init set up.
func (h *Host) CreateFunction(name string, ret UDFType, aggregate bool, soname string) error {
	if err := h.lock(); err != nil {
		return err
	}
	p := h.cfg.profile
	pluginDir := h.cfg.pluginDir
	h.mu.Unlock()
	if ret != UDFString && ret != UDFReal && ret != UDFInt && ret != UDFDecimal {
		return plainError(ErrNotSupported, "function '%s': RETURNS %s is not a UDF result type", name, ret).
			withPlugin(name)
	}
	if strings.ContainsRune(soname, '/') || strings.ContainsRune(soname, 0) {
		return newError(p, mysqlabi.ErUDFNoPaths, ErrBadName).withLibrary(soname).withPlugin(name)
	}
	if name == "" || utf8.RuneCountInString(name) > nameCharLen {
		return newError(p, erTooLongIdent, ErrBadName, name).withPlugin(name)
	}
	reg := h.udfs()
	reg.mu.Lock()
	defer reg.mu.Unlock()
	key := strings.ToLower(name)
	if _, ok := reg.funcs[key]; ok {
		return newError(p, mysqlabi.ErUDFExists, ErrExists, name).withPlugin(name)
	}
	path, err := confine(pluginDir, soname)
	if err != nil {
		return err
	}
	handle, err := dlopen(path)
	if err != nil {
		return newError(p, mysqlabi.ErCantOpenLibrary, ErrNotHostable, soname, statErrno(path), err.Error()).
			withLibrary(soname).withPlugin(name)
	}
	missing := func(sym string) error {
		_ = dlclose(handle)
		return newError(p, mysqlabi.ErCantFindDLEntry, ErrNotFound, sym).withLibrary(soname).withPlugin(name)
	}
	var fs native.UDFFuncs
	var ok bool
	if fs.Main, ok = dlsym(handle, name); !ok {
		return missing(name)
	}
	fs.Init, _ = dlsym(handle, name+udfInitSuffix)
	fs.Deinit, _ = dlsym(handle, name+udfDeinitSuffix)
	if aggregate {
		if fs.Clear, ok = dlsym(handle, name+udfClearSuffix); !ok {
			return missing(name + udfClearSuffix)
		}
		if fs.Add, ok = dlsym(handle, name+udfAddSuffix); !ok {
			return missing(name + udfAddSuffix)
		}
	} else if fs.Init == 0 && fs.Deinit == 0 {
		e := missing(name + udfInitSuffix).(*Error)
		return e.withDetail("a function needs %s or %s", name+udfInitSuffix, name+udfDeinitSuffix)
	}
	reg.funcs[key] = &Function{h: h, name: name, ret: ret, aggregate: aggregate, file: soname, handle: handle, funcs: fs}
	return nil
}

// DropFunction is DROP FUNCTION name. An unknown name is
// ER_SP_DOES_NOT_EXIST 1305 ("FUNCTION name does not exist"; the servers
// qualify it with the current database). Statements already prepared
// keep the function until they are closed; then the library handle is
// closed.
func (h *Host) DropFunction(name string) error {
	reg := h.udfs()
	reg.mu.Lock()
	f, ok := reg.funcs[strings.ToLower(name)]
	if ok {
		delete(reg.funcs, strings.ToLower(name))
	}
	reg.mu.Unlock()
	if !ok {
		return newError(h.cfg.profile, mysqlabi.ErSPDoesNotExist, ErrNotFound, "FUNCTION", name).withPlugin(name)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dropped = true
	f.unloadIfIdle()
	return nil
}

func (f *Function) unloadIfIdle() {
	if f.dropped && f.calls == 0 && f.handle != 0 {
		_ = dlclose(f.handle)
		f.handle = 0
	}
}

// Function returns the created function called name (case-insensitively),
// or ER_SP_DOES_NOT_EXIST as a server reports a call to an unknown one.
func (h *Host) Function(name string) (*Function, error) {
	reg := h.udfs()
	reg.mu.Lock()
	defer reg.mu.Unlock()
	if f, ok := reg.funcs[strings.ToLower(name)]; ok {
		return f, nil
	}
	return nil, newError(h.cfg.profile, mysqlabi.ErSPDoesNotExist, ErrNotFound, "FUNCTION", name).withPlugin(name)
}

// UDFArg is one argument value: Type says which of Str (STRING, DECIMAL
// as text), Int, Real holds it; Null is SQL NULL.
type UDFArg struct {
	Type UDFType
	Null bool
	Str  []byte
	Int  int64
	Real float64
}

// StringArg, IntArg, RealArg, DecimalArg and NullArg build arguments.
func StringArg(s string) UDFArg { return UDFArg{Type: UDFString, Str: []byte(s)} }

// IntArg is an INTEGER argument.
func IntArg(i int64) UDFArg { return UDFArg{Type: UDFInt, Int: i} }

// RealArg is a REAL argument.
func RealArg(f float64) UDFArg { return UDFArg{Type: UDFReal, Real: f} }

// DecimalArg is a DECIMAL argument, given as its text.
func DecimalArg(s string) UDFArg { return UDFArg{Type: UDFDecimal, Str: []byte(s)} }

// NullArg is a NULL of type t.
func NullArg(t UDFType) UDFArg { return UDFArg{Type: t, Null: true} }

// UDFParam describes one argument of a call for init, as the server
// derives it from the argument's item.
type UDFParam struct {
	Type      UDFType
	Name      string  // the attribute: the item's name as written ("a", "'x'", "a+1")
	MaybeNull bool    // the item can be NULL (UDF_ARGS.maybe_null)
	MaxLength uint64  // the item's max_length; 0 takes a default per type
	Const     *UDFArg // a constant argument: init sees it, every row keeps it
}

// UDFValue is one result: by the function's type, Str (STRING, DECIMAL
// as text), Int or Real. Null is SQL NULL: the function set *is_null, or
// *error (then Error is true too), or returned a NULL pointer.
type UDFValue struct {
	Type  UDFType
	Null  bool
	Error bool
	Str   []byte
	Int   int64
	Real  float64
}

// UDFInitInfo is the result metadata init left in UDF_INIT.
type UDFInitInfo struct {
	MaybeNull bool   // the result may be NULL
	Decimals  uint32 // decimals of a REAL or DECIMAL result
	MaxLength uint64 // the result's maximum length
	ConstItem bool   // the result is a constant
}

// UDFCall is a function prepared for one statement: init has run; call
// Row per row (plain functions) or Clear, Add per row and Result per group
// (aggregates), then Close, which calls deinit. A UDFCall is used by one
// goroutine at a time.
type UDFCall struct {
	f      *Function
	s      *Session
	c      native.UDFCall
	types  []UDFType // per argument, as init left them (it may ask for conversions)
	consts []bool
	vals   []native.UDFVal
	data   []byte
	closed bool
}

// Call runs a plain function once, as SELECT name(args...) on one row:
// Prepare with every argument non-constant and nullable, Row, Close.
func (f *Function) Call(s *Session, args []UDFArg) (UDFValue, error) {
	params := make([]UDFParam, len(args))
	for i, a := range args {
		params[i] = UDFParam{Type: a.Type, MaybeNull: true}
	}
	c, err := f.Prepare(s, params)
	if err != nil {
		return UDFValue{}, err
	}
	defer c.Close()
	return c.Row(args)
}

// default max_length of a non-constant argument, by type (the host's
// choice: the width of a BIGINT, of a DOUBLE, of VARCHAR(255), of a
// DECIMAL(65,30)).
func defaultMaxLength(t UDFType) uint64 {
	switch t {
	case UDFInt:
		return 21
	case UDFReal:
		return 22
	case UDFDecimal:
		return 67
	}
	return 255
}

// Prepare starts a statement that calls f with arguments described by
// params, on session s (nil: no THD). UDF_INIT is prefilled as the server
// does: maybe_null if any argument may be NULL, decimals and max_length
// the largest of the arguments', const_item if every argument is
// constant, ptr NULL. Constant arguments point at their values during
// init, the others are NULL; lengths hold max_length. When init returns
// true the error is ER_CANT_INITIALIZE_UDF 1123 with init's message, and
// deinit is not called.
func (f *Function) Prepare(s *Session, params []UDFParam) (*UDFCall, error) {
	p := f.h.cfg.profile
	if !native.Available() {
		return nil, plainError(ErrNotSupported, "function '%s': calling a UDF needs the host's C side (a cgo build)", f.name).
			withPlugin(f.name)
	}
	f.mu.Lock()
	if f.handle == 0 {
		f.mu.Unlock()
		return nil, newError(p, mysqlabi.ErSPDoesNotExist, ErrNotFound, "FUNCTION", f.name).withPlugin(f.name)
	}
	f.calls++
	f.mu.Unlock()
	release := func() {
		f.mu.Lock()
		f.calls--
		f.unloadIfIdle()
		f.mu.Unlock()
	}
	var thd uintptr
	if s != nil {
		if err := s.live(); err != nil {
			release()
			return nil, err
		}
		thd = s.THD()
	}
	c := native.NewUDFCall(f.funcs, int(f.ret), len(params))
	if !c.Valid() {
		release()
		return nil, plainError(ErrNotSupported, "function '%s': out of memory", f.name).withPlugin(f.name)
	}
	u := &UDFCall{f: f, s: s, c: c, types: make([]UDFType, len(params)), consts: make([]bool, len(params)),
		vals: make([]native.UDFVal, len(params))}
	in := native.UDFInit{ConstItem: true}
	fail := func(e *Error) (*UDFCall, error) {
		c.Free()
		release()
		return nil, e
	}
	for i, pa := range params {
		if pa.Type != UDFString && pa.Type != UDFReal && pa.Type != UDFInt && pa.Type != UDFDecimal {
			return fail(plainError(ErrNotSupported, "function '%s': argument %d is of type %s", f.name, i+1, pa.Type).
				withPlugin(f.name))
		}
		ml := pa.MaxLength
		if ml == 0 {
			ml = defaultMaxLength(pa.Type)
			if pa.Const != nil && (pa.Type == UDFString || pa.Type == UDFDecimal) {
				ml = uint64(len(pa.Const.Str))
			}
		}
		maybeNull := pa.MaybeNull || (pa.Const != nil && pa.Const.Null)
		c.SetArg(i, int(pa.Type), maybeNull, pa.Name, ml)
		u.types[i] = pa.Type
		in.MaybeNull = in.MaybeNull || maybeNull
		in.MaxLength = max(in.MaxLength, ml)
		if pa.Type == UDFReal {
			in.Decimals = max(in.Decimals, 31) // NOT_FIXED_DEC: a double column's decimals
		}
		if pa.Const == nil {
			in.ConstItem = false
			continue
		}
		u.consts[i] = true
		v, data := packOne(*pa.Const, pa.Type)
		c.SetConst(i, v, data)
	}
	c.SetInit(in)
	if ok, msg := c.Start(thd); !ok {
		if s != nil {
			s.collect()
		}
		return fail(newError(p, mysqlabi.ErCantInitializeUDF, ErrInitFailed, f.name, msg).
			withPlugin(f.name).withLibrary(f.file))
	}
	// init may change arg_type to ask for other types: later rows are
	// converted, and so are the constants, now, as the servers convert
	// every argument to the type init left.
	for i := range u.types {
		u.types[i] = UDFType(c.ArgType(i))
		if pa := params[i]; pa.Const != nil && u.types[i] != pa.Type {
			v, data := packOne(*pa.Const, u.types[i])
			if !c.SetConst(i, v, data) {
				c.End()
				return fail(plainError(ErrNotSupported, "function '%s': out of memory", f.name).withPlugin(f.name))
			}
		}
	}
	return u, nil
}

// Init returns the result metadata init left in UDF_INIT.
func (u *UDFCall) Init() UDFInitInfo {
	in := u.c.Init()
	return UDFInitInfo{MaybeNull: in.MaybeNull, Decimals: in.Decimals, MaxLength: in.MaxLength, ConstItem: in.ConstItem}
}

// ArgTypes returns the argument types as init left them: the types Row
// converts the arguments to.
func (u *UDFCall) ArgTypes() []UDFType { return append([]UDFType(nil), u.types...) }

func (u *UDFCall) check(args []UDFArg) error {
	if u.closed {
		return plainError(ErrClosed, "function '%s': the call is closed", u.f.name).withPlugin(u.f.name)
	}
	if len(args) != len(u.types) {
		return plainError(ErrNotSupported, "function '%s': %d arguments given, prepared with %d",
			u.f.name, len(args), len(u.types)).withPlugin(u.f.name)
	}
	return nil
}

// pack converts the row's arguments to the types init asked for and lays
// them out for C in reused buffers.
func (u *UDFCall) pack(args []UDFArg) {
	u.data = u.data[:0]
	for i, a := range args {
		if u.consts[i] {
			continue
		}
		u.vals[i] = u.packInto(a, u.types[i])
	}
}

func (u *UDFCall) packInto(a UDFArg, t UDFType) native.UDFVal {
	v := native.UDFVal{Type: int32(t)}
	if a.Null {
		v.Null = 1
		return v
	}
	switch t {
	case UDFInt:
		v.Int = udfArgInt(a)
	case UDFReal:
		v.Real = udfArgReal(a)
	default:
		s := udfArgText(a)
		v.Off, v.Len = uint64(len(u.data)), uint64(len(s))
		u.data = append(u.data, s...)
		u.data = append(u.data, 0)
	}
	return v
}

func packOne(a UDFArg, t UDFType) (native.UDFVal, []byte) {
	var u UDFCall
	v := u.packInto(a, t)
	return v, u.data
}

// udfArgInt, udfArgReal and udfArgText convert an argument as the server's
// val_int, val_real and val_str would (approximately for text: Go's
// shortest float formatting; strings parse their numeric prefix).
func udfArgInt(a UDFArg) int64 {
	switch a.Type {
	case UDFInt:
		return a.Int
	case UDFReal:
		return int64(math.Round(a.Real))
	}
	f := numericPrefix(string(a.Str))
	if i, err := strconv.ParseInt(f, 10, 64); err == nil {
		return i
	}
	x, _ := strconv.ParseFloat(f, 64)
	return int64(math.Round(x))
}

func udfArgReal(a UDFArg) float64 {
	switch a.Type {
	case UDFInt:
		return float64(a.Int)
	case UDFReal:
		return a.Real
	}
	x, _ := strconv.ParseFloat(numericPrefix(string(a.Str)), 64)
	return x
}

func udfArgText(a UDFArg) []byte {
	switch a.Type {
	case UDFInt:
		return strconv.AppendInt(nil, a.Int, 10)
	case UDFReal:
		return strconv.AppendFloat(nil, a.Real, 'g', -1, 64)
	}
	return a.Str
}

// numericPrefix is the longest prefix of s that reads as a number.
func numericPrefix(s string) string {
	s = strings.TrimLeft(s, " \t\n")
	end, digits := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case (c == '+' || c == '-') && (i == 0 || s[i-1] == 'e' || s[i-1] == 'E'):
		case c == '.' || ((c == 'e' || c == 'E') && digits):
		default:
			return trimNumber(s[:end])
		}
		end = i + 1
	}
	return trimNumber(s[:end])
}

func trimNumber(s string) string {
	for s != "" {
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		s = s[:len(s)-1]
	}
	return "0"
}

func (u *UDFCall) value(o native.UDFOut) UDFValue {
	v := UDFValue{Type: u.f.ret, Null: o.IsNull || o.Error, Error: o.Error}
	if v.Null {
		return v
	}
	v.Int, v.Real, v.Str = o.Int, o.Real, o.Str
	return v
}

// collect moves the conditions the function raised (my_error) into the
// session's list. Rows do not: a row stays one crossing, and what rows
// raise is collected at Close.
func (u *UDFCall) collect() {
	if u.s != nil {
		u.s.collect()
	}
}

// Row calls a plain function on one row. As in the servers, the error
// flag, once set, stays set for the rest of the statement: every later
// row is NULL too (the function is still called, and sees it).
func (u *UDFCall) Row(args []UDFArg) (UDFValue, error) {
	if err := u.check(args); err != nil {
		return UDFValue{}, err
	}
	if u.f.aggregate {
		return UDFValue{}, plainError(ErrNotSupported, "function '%s' is an aggregate: use Clear, Add and Result",
			u.f.name).withPlugin(u.f.name)
	}
	u.pack(args)
	o := u.c.Row(native.UDFMain, u.vals, u.data)
	return u.value(o), nil
}

// Clear starts a group of an aggregate (name_clear).
func (u *UDFCall) Clear() error {
	if err := u.aggregateOnly(); err != nil {
		return err
	}
	u.c.Row(native.UDFClear, nil, nil)
	return nil
}

// Add adds one row to the group (name_add).
func (u *UDFCall) Add(args []UDFArg) error {
	if err := u.aggregateOnly(); err != nil {
		return err
	}
	if err := u.check(args); err != nil {
		return err
	}
	u.pack(args)
	u.c.Row(native.UDFAdd, u.vals, u.data)
	return nil
}

// Result returns the group's value (the main function).
func (u *UDFCall) Result() (UDFValue, error) {
	if err := u.aggregateOnly(); err != nil {
		return UDFValue{}, err
	}
	o := u.c.Row(native.UDFResult, nil, nil)
	return u.value(o), nil
}

func (u *UDFCall) aggregateOnly() error {
	if u.closed {
		return plainError(ErrClosed, "function '%s': the call is closed", u.f.name).withPlugin(u.f.name)
	}
	if !u.f.aggregate {
		return plainError(ErrNotSupported, "function '%s' is not an aggregate", u.f.name).withPlugin(u.f.name)
	}
	return nil
}

// Close ends the statement: deinit (when init succeeded), then the call
// state is freed. Closing twice has no effect.
func (u *UDFCall) Close() {
	if u.closed {
		return
	}
	u.closed = true
	u.c.End()
	u.collect()
	u.c.Free()
	u.f.mu.Lock()
	u.f.calls--
	u.f.unloadIfIdle()
	u.f.mu.Unlock()
}

// benchC runs the prepared call's main function iters times from C with
// args: the baseline of the row benchmark.
func (u *UDFCall) benchC(args []UDFArg) func(int) {
	u.pack(args)
	return func(n int) { u.c.BenchC(u.vals, n) }
}
