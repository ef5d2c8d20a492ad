package loader

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	"go.uber.org/zap"

	"github.com/myplugload/myplugload/internal/elfimage"
	"github.com/myplugload/myplugload/internal/native"
	"github.com/myplugload/myplugload/mysqlabi"
	"github.com/myplugload/myplugload/sysvar"
)

// Host loads plugin libraries into this process and runs their lifecycle
// the way the emulated server does: INSTALL / UNINSTALL, the startup load
// lists, load options, states, library reference counting. It is safe for
// concurrent use.
//
// Where mysqld is unsafe, the host is stricter, and says so in its errors:
// it reads every library statically before dlopen and refuses a malformed
// one without running its code; it refuses a library that needs services or
// server symbols it does not provide instead of letting it crash; INSTALL
// SONAME is all or nothing; a symbolic link out of plugin_dir is refused;
// a 5.7 library's deinit is called as deinit, not as check_uninstall.
type Host struct {
	mu      sync.Mutex
	cfg     config
	log     *zap.Logger
	libs    []*library
	plugins []*installed // in registration order (mysqld's plugin_array)
	closed  bool

	vars     map[string]*hostVar // registered system variables by lower-case name
	varList  []*hostVar          // the same, sorted by name
	sessions map[*Session]struct{}
	audit    auditRegistry
	// admin is the session-less statements' THD (SET GLOBAL without a
	// Session): it collects the conditions plugins raise there.
	admin native.THD
	udf   udfRegistry // CREATE FUNCTION ... SONAME
}

// library is a library loaded into the process.
type library struct {
	file   string // name in plugin_dir
	path   string
	handle uintptr
	static *Library
	live   *Library
	set    *DeclarationSet // the live set the server reads
	refs   int             // registered plugins from it
	id     fileIdentity    // the file when it was loaded
}

// installed is a registered plugin.
type installed struct {
	plugin Plugin // live declaration
	lib    *library
	state  State
	option LoadOption
	handle uintptr // the MYSQL_PLUGIN given to init/deinit: C memory
	refs   int     // references taken with Acquire (sessions using it)
	// removed: unregistered and its library reference dropped (once).
	removed bool
}

// handleSize is the C block a plugin receives as MYSQL_PLUGIN. Its first
// members mimic mysqld's st_plugin_int: {const char *name; size_t length;
// st_mysql_plugin *plugin}, for plugins that peek at their name.
const handleSize = 256

// NewHost starts a host: it applies the options, then loads the
// --early-plugin-load list, then each --plugin-load list in order, then
// initialises every registered plugin in registration order. As in
// mysqld, a library that fails to load is logged and abandons the rest of
// its list; only a FORCE or FORCE_PLUS_PERMANENT plugin that fails to
// initialise fails the start.
func NewHost(opts ...Option) (*Host, error) {
	cfg := config{profile: mysqlabi.MySQL80, logger: zap.NewNop()}
	if err := WithPluginDir(".")(&cfg); err != nil {
		return nil, err
	}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	h := &Host{cfg: cfg, log: cfg.logger, vars: map[string]*hostVar{}, sessions: map[*Session]struct{}{}}
	if native.Available() {
		h.audit.list = native.NewAuditList()
		h.admin = native.NewTHD(0)
		registerLogger(h)
		if cfg.dataDir != "" {
			native.SetDataHome(cfg.dataDir)
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if cfg.early != "" {
		h.loadList(cfg.early, true)
	}
	for _, list := range cfg.loads {
		h.loadList(list, false)
	}
	var unknown []string
	for _, a := range cfg.args {
		switch {
		case a.Used:
		case strings.HasPrefix(strings.ReplaceAll(a.Name, "_", "-"), "loose-"):
			h.log.Warn(fmt.Sprintf("unknown variable '%s'", argText(a)))
		default:
			unknown = append(unknown, argText(a))
		}
	}
	if len(unknown) > 0 {
		h.shutdown()
		return nil, plainError(ErrNotFound, "unknown variable '%s'", strings.Join(unknown, "', '"))
	}
	for _, ip := range h.plugins {
		if ip.state != StateUninitialized {
			continue
		}
		if err := h.initialize(ip); err != nil {
			h.log.Error("plugin init failed", zap.String("plugin", ip.plugin.Name), zap.Error(err))
			if ip.option >= LoadForce {
				h.shutdown()
				return nil, fmt.Errorf("failed to initialize plugins: %w", err)
			}
			h.remove(ip)
		}
	}
	// MySQL's SERVER_STARTUP, with the options the host was given.
	argv := []string{"myplugload"}
	for _, a := range cfg.args {
		argv = append(argv, "--"+argText(a))
	}
	if _, err := h.dispatch(nil, auditServerStartup, 0, native.Event{Argv: argv}); err != nil {
		// mysqld aborts its start when an audit plugin refuses it.
		h.log.Error("an audit plugin refused the server start", zap.Error(err))
		h.shutdown()
		return nil, err
	}
	return h, nil
}

// lock takes the host's lock for a statement; it fails on a closed host.
func (h *Host) lock() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return ErrClosed
	}
	return nil
}

func argText(a *sysvar.Arg) string {
	if a.HasValue {
		return a.Name + "=" + a.Value
	}
	return a.Name
}

// Profile returns the server profile the host emulates.
func (h *Host) Profile() *mysqlabi.Profile { return h.cfg.profile }

// PluginDir returns plugin_dir.
func (h *Host) PluginDir() string { return h.cfg.pluginDir }

// loadList registers the plugins of one load list, stopping at the first
// failure as mysqld does.
func (h *Host) loadList(list string, early bool) {
	items, err := ParsePluginLoad(list)
	if err != nil {
		h.log.Error("plugin-load list", zap.String("list", list), zap.Error(err))
	}
	for _, it := range items {
		if err := h.loadItem(it, early); err != nil {
			h.log.Error(fmt.Sprintf("Couldn't load plugin named '%s' with soname '%s'.", it.Plugin, it.Library),
				zap.Error(err))
			return
		}
	}
}

func (h *Host) loadItem(it LoadItem, early bool) error {
	ctx := CheckOptions{Early: early, Maturity: h.cfg.maturity, MaturitySet: h.cfg.maturitySet, Families: h.cfg.families}
	lib, _, err := h.openLibrary(it.Library, ctx)
	if err != nil {
		return err
	}
	defer h.release(lib)
	var decls []Plugin
	if it.Named {
		p, err := h.findDeclaration(lib, it.Plugin)
		if err != nil {
			return err
		}
		decls = []Plugin{p}
	} else {
		for _, p := range lib.set.Plugins {
			if skipReason(h.cfg.profile, lib.set.ABI.Family, p.Type) == "" {
				decls = append(decls, p)
			}
		}
	}
	for _, p := range decls {
		if _, _, err := h.add(p, lib, ctx); err != nil {
			return err
		}
	}
	return nil
}

// Install is INSTALL PLUGIN name SONAME 'soname': load the library (or
// reuse it), register the plugin called name (case-insensitively) and
// initialise it.
func (h *Host) Install(name, soname string) ([]Warning, error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	if h.find(name) != nil {
		return nil, newError(h.cfg.profile, h.cfg.profile.AlreadyInstalled, ErrExists, name).withPlugin(name)
	}
	ctx := h.installContext()
	lib, warns, err := h.openLibrary(soname, ctx)
	if err != nil {
		return nil, err
	}
	defer h.release(lib)
	decl, err := h.findDeclaration(lib, name)
	if err != nil {
		return nil, err
	}
	ip, w, err := h.add(decl, lib, ctx)
	warns = append(warns, w...)
	if err != nil {
		return warns, err
	}
	w, err = h.start(ip)
	return append(warns, w...), err
}

// InstallLibrary is INSTALL SONAME 'soname': every plugin the library
// declares. Unlike mariadbd, which leaves the plugins before a failure
// registered, it is all or nothing: on any refusal or init failure the
// plugins it initialised are deinitialised again and nothing stays
// registered. Plugins of the library that are already installed are left
// as they are.
func (h *Host) InstallLibrary(soname string) ([]Warning, error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	ctx := h.installContext()
	lib, warns, err := h.openLibrary(soname, ctx)
	if err != nil {
		return nil, err
	}
	defer h.release(lib)
	var todo []Plugin
	for _, p := range lib.set.Plugins {
		if skipReason(h.cfg.profile, lib.set.ABI.Family, p.Type) != "" {
			continue
		}
		if ip := h.find(p.Name); ip != nil {
			if ip.lib == lib {
				continue // already installed from this library
			}
			return warns, newError(h.cfg.profile, mysqlabi.ErUDFExists, ErrExists, p.Name).
				withLibrary(lib.file).withPlugin(p.Name)
		}
		for _, q := range todo {
			if strings.EqualFold(q.Name, p.Name) {
				return warns, newError(h.cfg.profile, mysqlabi.ErUDFExists, ErrExists, p.Name).
					withLibrary(lib.file).withPlugin(p.Name).withDetail("the library declares it twice")
			}
		}
		todo = append(todo, p)
	}
	var added []*installed
	rollback := func() {
		for i := len(added) - 1; i >= 0; i-- {
			h.deinitialize(added[i])
			h.remove(added[i])
		}
	}
	for _, p := range todo {
		ip, w, err := h.add(p, lib, ctx)
		warns = append(warns, w...)
		if err != nil {
			rollback()
			return warns, err
		}
		added = append(added, ip)
	}
	for _, ip := range added {
		w, err := h.start(ip)
		warns = append(warns, w...)
		if err != nil {
			rollback()
			return warns, err
		}
	}
	return warns, nil
}

func (h *Host) installContext() CheckOptions {
	return CheckOptions{Install: true, Maturity: h.cfg.maturity, MaturitySet: h.cfg.maturitySet,
		Families: h.cfg.families}
}

// start initialises a registered plugin, or leaves it DISABLED when its
// load option is OFF.
func (h *Host) start(ip *installed) ([]Warning, error) {
	if ip.state == StateDisabled {
		e := newError(h.cfg.profile, mysqlabi.ErCantInitializeUDF, nil, ip.plugin.Name, "Plugin is disabled")
		return []Warning{warningOf(e, LevelWarning)}, nil
	}
	if err := h.initialize(ip); err != nil {
		h.remove(ip)
		return nil, err
	}
	return nil, nil
}

// Uninstall is UNINSTALL PLUGIN name.
func (h *Host) Uninstall(name string) ([]Warning, error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	return h.uninstall(name)
}

func (h *Host) uninstall(name string) ([]Warning, error) {
	p := h.cfg.profile
	ip := h.find(name)
	if ip == nil || ip.state == StateUninitialized || ip.state == StateDying || ip.state == StateDeleted {
		return nil, newError(p, mysqlabi.ErSPDoesNotExist, ErrNotFound, "PLUGIN", name).withPlugin(name)
	}
	if ip.option == LoadForcePlusPermanent {
		return nil, newError(p, mysqlabi.ErPluginIsPermanent, ErrRefused, ip.plugin.Name).withPlugin(ip.plugin.Name)
	}
	if p.Flavor == mysqlabi.FlavorMySQL && ip.plugin.Family == mysqlabi.FamilyMySQL &&
		ip.plugin.Flags&mysqlabi.OptNoUninstall != 0 {
		return nil, newError(p, mysqlabi.ErPluginNoUninstall, ErrRefused, ip.plugin.Name).withPlugin(ip.plugin.Name)
	}
	if ip.plugin.CheckUninstall != 0 && ip.state == StateReady {
		ip.state = StateDying
		rc := callInt(uintptr(ip.plugin.CheckUninstall), ip.handle)
		ip.state = StateReady
		if rc != 0 {
			return nil, newError(p, mysqlabi.ErPluginCannotBeUninstalled, ErrRefused, ip.plugin.Name,
				"Plugin is still in use.").withPlugin(ip.plugin.Name).withLibrary(ip.lib.file)
		}
	}
	if ip.refs > 0 {
		// In use: mark it DELETED; the last Release deinitialises it.
		ip.state = StateDeleted
		return []Warning{warningOf(newError(p, mysqlabi.WarnPluginBusy, nil), LevelWarning)}, nil
	}
	if rc := h.deinitialize(ip); rc != 0 && p.DeinitFailureIsBusy {
		// mariadbd keeps such a plugin, INACTIVE, until shutdown.
		ip.state = StateUninitialized
		return []Warning{warningOf(newError(p, mysqlabi.WarnPluginBusy, nil), LevelWarning)}, nil
	}
	h.remove(ip)
	return nil, nil
}

// UninstallLibrary is UNINSTALL SONAME 'soname': it uninstalls every
// plugin the library declares, by name. A declared plugin that is not
// installed is an error, reported after the others are uninstalled.
func (h *Host) UninstallLibrary(soname string) ([]Warning, error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	file, err := LibraryFile(h.cfg.profile, h.cfg.pluginDir, soname)
	if err != nil {
		return nil, err
	}
	lib := h.findLibrary(file)
	if lib == nil {
		return nil, newError(h.cfg.profile, mysqlabi.ErSPDoesNotExist, ErrNotFound, "SONAME", file).withLibrary(file)
	}
	var warns []Warning
	var first error
	for _, p := range lib.set.Plugins {
		if skipReason(h.cfg.profile, lib.set.ABI.Family, p.Type) != "" {
			continue
		}
		w, err := h.uninstall(p.Name)
		warns = append(warns, w...)
		if err != nil {
			if first == nil {
				first = err
			} else {
				var e *Error
				if errors.As(err, &e) {
					warns = append(warns, warningOf(e, LevelError))
				}
			}
		}
	}
	return warns, first
}

// PluginRef is a reference to an installed plugin, as a session that uses
// it holds one (mysqld's plugin_lock).
type PluginRef struct {
	h    *Host
	ip   *installed
	once sync.Once
}

// Acquire takes a reference to the ACTIVE or INACTIVE plugin called name.
// While it is held, UNINSTALL PLUGIN only marks the plugin DELETED, with
// warning 1620; the last Release then deinitialises and removes it.
func (h *Host) Acquire(name string) (*PluginRef, error) {
	if err := h.lock(); err != nil {
		return nil, err
	}
	defer h.mu.Unlock()
	ip := h.find(name)
	if ip == nil || (ip.state != StateReady && ip.state != StateUninitialized) {
		return nil, newError(h.cfg.profile, mysqlabi.ErPluginIsNotLoaded, ErrNotFound, name).withPlugin(name)
	}
	ip.refs++
	return &PluginRef{h: h, ip: ip}, nil
}

// Release drops the reference; releasing twice has no effect.
func (r *PluginRef) Release() {
	r.once.Do(func() {
		h := r.h
		h.mu.Lock()
		defer h.mu.Unlock()
		r.ip.refs--
		if r.ip.refs == 0 && r.ip.state == StateDeleted { // UNINSTALL or Close while in use
			r.ip.state = StateReady
			h.deinitialize(r.ip)
			h.remove(r.ip)
		}
	})
}

// Close deinitialises every plugin in reverse registration order and
// unloads every library. A plugin still referenced (an open FTParser or
// KeyManager, a login in progress, a PluginRef) is deinitialised and
// unloaded by its last Release instead.
func (h *Host) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	h.shutdown()
	return nil
}

func (h *Host) shutdown() {
	// MySQL's SERVER_SHUTDOWN (reason SHUTDOWN, exit code 0), before deinit.
	_, _ = h.dispatch(nil, auditServerShutdown, 0, native.Event{})
	h.dropFunctions()
	for i := len(h.plugins) - 1; i >= 0; i-- {
		ip := h.plugins[i]
		if ip.refs > 0 {
			// Still in use (an FTParser, a KeyManager, a login in
			// progress): its code stays loaded until the last Release,
			// which deinitialises and unloads it.
			h.log.Warn("plugin in use at close: it is deinitialised when released", zap.String("plugin", ip.plugin.Name))
			ip.state = StateDeleted
			continue
		}
		h.deinitialize(ip)
		h.remove(ip)
	}
	h.closed = true
	unregisterLogger(h)
	if h.admin.Addr() != 0 {
		h.admin.Free()
		h.admin = native.THD{}
	}
	if native.Available() {
		h.audit.mu.Lock() // every plugin is gone: no dispatch is running
		h.audit.list.Free()
		h.audit.list = native.AuditList{}
		h.audit.mu.Unlock()
	}
}

// openLibrary loads a library, or returns the loaded one with the same
// name (case-insensitively), whose checks are not run again, as in mysqld.
// Before dlopen it reads the file statically and applies every library
// rule of the profile, so a malformed or refused library runs no code.
// The caller must release the library.
func (h *Host) openLibrary(soname string, ctx CheckOptions) (*library, []Warning, error) {
	p := h.cfg.profile
	file, err := LibraryFile(p, h.cfg.pluginDir, soname)
	if err != nil {
		return nil, nil, err
	}
	if lib := h.findLibrary(file); lib != nil {
		// mysqld reuses the loaded library; the host first checks it is
		// still the file it loaded: a library replaced on disk would mean
		// the checks and the code in memory describe another file.
		if e := lib.replaced(); e != nil {
			return nil, nil, e
		}
		lib.refs++
		return lib, nil, nil
	}
	path, err := confine(h.cfg.pluginDir, file)
	if err != nil {
		return nil, nil, err
	}
	if !h.cfg.allowWritable {
		if e := writableByOthers(h.cfg.pluginDir, path, file); e != nil {
			return nil, nil, e
		}
	}
	fileID, _ := identify(path)
	static, err := h.inspectForLoad(path, file)
	if err != nil {
		return nil, nil, err
	}
	if _, errs := checkLibrary(static, p, ctx, path); len(errs) > 0 {
		return nil, nil, errs[0]
	}
	if err := h.hostable(static); err != nil {
		return nil, nil, err
	}
	h.prepareDlopen()
	handle, err := dlopen(path)
	if err != nil {
		return nil, nil, newError(p, mysqlabi.ErCantOpenLibrary, ErrNotHostable, path, statErrno(path), err.Error()).
			withLibrary(file)
	}
	if err := linkServices(handle, static); err != nil {
		_ = dlclose(handle)
		return nil, nil, err.(*Error).withLibrary(file)
	}
	live, err := inspectLive(handle, static)
	if err != nil {
		_ = dlclose(handle)
		var e *Error
		if !errors.As(err, &e) {
			e = plainError(err, "%v", err)
		}
		return nil, nil, e.withLibrary(file)
	}
	set, _ := serverSetOf(live, p, h.cfg.familiesOrDefault())
	lib := &library{file: file, path: path, handle: handle, static: static, live: live, set: set, refs: 1, id: fileID}
	h.libs = append(h.libs, lib)
	h.log.Debug("library loaded", zap.String("library", file), zap.Stringer("abi", set.ABI),
		zap.Int("plugins", len(set.Plugins)))
	return lib, nil, nil
}

// inspectForLoad reads a library statically and turns what the servers
// report as open failures into ER_CANT_OPEN_LIBRARY.
func (h *Host) inspectForLoad(path, file string) (*Library, error) {
	p := h.cfg.profile
	im, err := elfimage.Open(path)
	if err != nil {
		errno, text := openFailure(path, err)
		return nil, newError(p, mysqlabi.ErCantOpenLibrary, openCause(err), path, errno, text).
			withLibrary(file).withDetail("%v", err)
	}
	lib, err := inspectImage(path, im)
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.Code == 0 {
			e.Detail = e.Message
			*e = *newError(p, mysqlabi.ErCantOpenLibrary, e.Err, path, 0, "malformed plugin declarations").
				withLibrary(file).withDetail("%s", e.Detail)
		}
		return nil, err
	}
	return lib, nil
}

// openFailure gives the errno and loader text a server prints when it
// cannot open a file as a library.
func openFailure(path string, err error) (int, string) {
	st, serr := os.Stat(path)
	switch {
	case errors.Is(serr, os.ErrNotExist):
		return 2, "cannot open shared object file: No such file or directory"
	case serr == nil && st.IsDir():
		return 21, "cannot read file data: Is a directory"
	case serr == nil && st.Size() < 64:
		return 0, "file too short"
	case errors.Is(err, elfimage.ErrNotELF):
		return 0, "invalid ELF header"
	}
	return statErrno(path), "malformed ELF file"
}

func openCause(err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return ErrNotFound
	case errors.Is(err, elfimage.ErrNotELF):
		return ErrNotPlugin
	}
	return ErrMalformed
}

// release drops the caller's reference to a library and unloads it when
// no registered plugin uses it.
func (h *Host) release(lib *library) {
	lib.refs--
	h.unloadIfUnused(lib)
}

func (h *Host) unloadIfUnused(lib *library) {
	if lib.refs > 0 {
		return
	}
	for i, l := range h.libs {
		if l == lib {
			h.libs = append(h.libs[:i], h.libs[i+1:]...)
			break
		}
	}
	if err := dlclose(lib.handle); err != nil {
		h.log.Warn("library unload", zap.String("library", lib.file), zap.Error(err))
	}
	h.log.Debug("library unloaded", zap.String("library", lib.file))
}

func (h *Host) findLibrary(file string) *library {
	for _, l := range h.libs {
		if strings.EqualFold(l.file, file) {
			return l
		}
	}
	return nil
}

// find returns the registered plugin called name, case-insensitively.
func (h *Host) find(name string) *installed {
	for _, ip := range h.plugins {
		if strings.EqualFold(ip.plugin.Name, name) {
			return ip
		}
	}
	return nil
}

// findDeclaration returns the plugin called name that the server would
// take from lib: declarations of a type it skips do not count.
func (h *Host) findDeclaration(lib *library, name string) (Plugin, error) {
	for _, p := range lib.set.Plugins {
		if strings.EqualFold(p.Name, name) && skipReason(h.cfg.profile, lib.set.ABI.Family, p.Type) == "" {
			return p, nil
		}
	}
	return Plugin{}, newError(h.cfg.profile, mysqlabi.ErCantFindDLEntry, ErrNotFound, name).
		withLibrary(lib.file).withPlugin(name)
}

// add registers a declared plugin after the per-plugin checks: type
// descriptor version, maturity, the host's ability to drive its type.
// It takes a reference to the library.
func (h *Host) add(p Plugin, lib *library, ctx CheckOptions) (*installed, []Warning, error) {
	v := checkPlugin(h.cfg.profile, lib.set, p, ctx, lib.file)
	if len(v.Errors) > 0 {
		return nil, v.Warnings, v.Errors[0]
	}
	if err := h.drivable(p, lib); err != nil {
		return nil, v.Warnings, err
	}
	if h.find(p.Name) != nil {
		return nil, v.Warnings, newError(h.cfg.profile, mysqlabi.ErUDFExists, ErrExists, p.Name).
			withLibrary(lib.file).withPlugin(p.Name)
	}
	ip := &installed{plugin: p, lib: lib, state: StateUninitialized, option: h.loadOption(p)}
	if ip.option == LoadOff {
		ip.state = StateDisabled
		h.log.Warn(fmt.Sprintf("Plugin '%s' is disabled.", p.Name))
	}
	if why := badSysVar(p); why != "" {
		// mysqld's test_plugin_options fails, and the plugin is registered DISABLED.
		h.log.Error(why, zap.String("plugin", p.Name))
		ip.state = StateDisabled
	}
	// The servers log these (maturity below the server's); INSTALL does not
	// return them to the client.
	for _, w := range v.Warnings {
		h.log.Warn(w.Message, zap.String("plugin", p.Name))
	}
	lib.refs++
	h.plugins = append(h.plugins, ip)
	if err := h.registerVars(ip); err != nil {
		h.remove(ip)
		return nil, nil, err
	}
	return ip, nil, nil
}

// badSysVar returns the server's log message for a system variable
// descriptor that disables the plugin, or "".
func badSysVar(p Plugin) string {
	for _, v := range p.SystemVars {
		if !v.Type.Valid() {
			return fmt.Sprintf("Unknown variable type code 0x%x in plugin '%s'.", v.Flags, p.Name)
		}
		if v.Name == "" {
			return fmt.Sprintf("Missing variable name in plugin '%s'.", p.Name)
		}
	}
	return ""
}

// drivable refuses plugin types whose init needs server internals the
// host cannot provide: a storage engine gets a handlerton, an information
// schema plugin a ST_SCHEMA_TABLE, MariaDB's data type and function
// plugins the server's C++ classes.
func (h *Host) drivable(p Plugin, lib *library) error {
	t := p.Type
	internal := t == mysqlabi.PluginStorageEngine || t == mysqlabi.PluginInformationSchema
	if h.cfg.profile.Flavor == mysqlabi.FlavorMariaDB && lib.set.ABI.Family == mysqlabi.FamilyMaria {
		internal = internal || t == mysqlabi.MariaPluginDataType || t == mysqlabi.MariaPluginFunction
	}
	if internal {
		return plainError(ErrNotHostable, "plugin '%s' is a %s plugin: its init needs the server's internal structures",
			p.Name, h.cfg.profile.TypeName(t)).withLibrary(lib.file).withPlugin(p.Name)
	}
	return nil
}

// loadOption is the plugin's load option: WithLoadOption, else the last
// --<name>=... enable option, else ON, or OFF for PLUGIN_OPT_DEFAULT_OFF
// (MySQL). An invalid enable value disables the plugin.
func (h *Host) loadOption(p Plugin) LoadOption {
	if o, ok := h.cfg.options[optionKey(p.Name)]; ok {
		return o
	}
	var found *LoadOption
	for _, a := range h.cfg.args {
		m, loose := sysvar.Match(a, optionKey(p.Name))
		if m == sysvar.NoMatch || m == sysvar.MatchIgnore {
			continue
		}
		a.Used = true
		var o LoadOption
		var err error
		switch m {
		case sysvar.MatchOff:
			o = LoadOff
		case sysvar.MatchOn:
			o = LoadOn
		default:
			if o, err = ParseLoadOption(a.Value); err != nil {
				h.log.Error(fmt.Sprintf("Error while setting value '%s' to '%s'", a.Value, optionKey(p.Name)))
				if loose {
					continue
				}
				o = LoadOff
				h.log.Error(fmt.Sprintf("Parsing options for plugin '%s' failed. Disabling plugin", p.Name))
			}
		}
		found = &o
	}
	if found != nil {
		return *found
	}
	if h.cfg.profile.Flavor == mysqlabi.FlavorMySQL && p.Family == mysqlabi.FamilyMySQL &&
		p.Flags&mysqlabi.OptDefaultOff != 0 {
		return LoadOff
	}
	return LoadOn
}

// initialize calls the plugin's init with the argument the server gives
// its type and makes it ACTIVE.
func (h *Host) initialize(ip *installed) error {
	p := h.cfg.profile
	if ip.handle == 0 {
		hd, err := newHandle(ip)
		if err != nil {
			return plainError(err, "plugin '%s': %v", ip.plugin.Name, err)
		}
		ip.handle = hd
	}
	arg := ip.handle
	var audit native.AuditPlugin
	isAudit := ip.plugin.Type == mysqlabi.PluginAudit
	if isAudit {
		if p.AuditInitGetsNull {
			arg = 0
		}
		var err error
		if audit, err = h.auditDescriptor(ip); err != nil {
			h.log.Error(err.Error())
			return newError(p, mysqlabi.ErCantInitializeUDF, ErrInitFailed, ip.plugin.Name,
				"Plugin initialization function failed.").withPlugin(ip.plugin.Name).withLibrary(ip.lib.file).
				withDetail("%s", err.Error())
		}
	}
	if ip.plugin.Init != 0 {
		if rc := callInt(uintptr(ip.plugin.Init), arg); rc != 0 {
			h.log.Error(fmt.Sprintf("Plugin '%s' registration as a %s failed.", ip.plugin.Name, p.TypeName(ip.plugin.Type)),
				zap.Int32("init_result", rc))
			return newError(p, mysqlabi.ErCantInitializeUDF, ErrInitFailed, ip.plugin.Name,
				"Plugin initialization function failed.").withPlugin(ip.plugin.Name).withLibrary(ip.lib.file)
		}
	}
	ip.state = StateReady
	if isAudit {
		h.addAudit(ip, audit)
	}
	h.log.Debug("plugin initialized", zap.String("plugin", ip.plugin.Name))
	return nil
}

// deinitialize calls deinit on an ACTIVE plugin and returns its result
// (mysqld ignores it; mariadbd treats non-zero as busy).
func (h *Host) deinitialize(ip *installed) int32 {
	if ip.state == StateDeleted {
		ip.state = StateReady // uninstalled while in use: still initialised
	}
	if ip.state != StateReady {
		return 0
	}
	if ip.plugin.Type == mysqlabi.PluginAudit {
		h.removeAudit(ip)
	}
	var rc int32
	if ip.plugin.Deinit != 0 {
		rc = callInt(uintptr(ip.plugin.Deinit), ip.handle)
	}
	ip.state = StateUninitialized
	h.log.Debug("plugin deinitialized", zap.String("plugin", ip.plugin.Name), zap.Int32("result", rc))
	return rc
}

// remove unregisters a plugin and drops its library reference.
func (h *Host) remove(ip *installed) {
	if ip.removed {
		return // a failed start removed it before the rollback did
	}
	ip.removed = true
	for i, q := range h.plugins {
		if q == ip {
			h.plugins = append(h.plugins[:i], h.plugins[i+1:]...)
			break
		}
	}
	h.unregisterVars(ip)
	freeHandle(ip.handle)
	ip.handle = 0
	ip.lib.refs--
	h.unloadIfUnused(ip.lib)
}

// newHandle allocates the MYSQL_PLUGIN block: {name, length, plugin}.
func newHandle(ip *installed) (uintptr, error) {
	name := ip.plugin.Name
	block, err := cAlloc(handleSize + len(name) + 1)
	if err != nil {
		return 0, err
	}
	nameAddr := block + handleSize
	m := writableCMemory{}
	m.write(nameAddr, append([]byte(name), 0))
	m.putUint64(block, uint64(nameAddr))
	m.putUint64(block+8, uint64(len(name)))
	m.putUint64(block+16, uint64(ip.plugin.Addr))
	return block, nil
}

func freeHandle(h uintptr) { cFree(h) }

// PluginInfo is one row of information_schema.PLUGINS.
type PluginInfo struct {
	Name           string // PLUGIN_NAME, as declared
	Version        string // PLUGIN_VERSION
	Status         string // PLUGIN_STATUS
	Type           string // PLUGIN_TYPE
	TypeVersion    string // PLUGIN_TYPE_VERSION
	Library        string // PLUGIN_LIBRARY
	LibraryVersion string // PLUGIN_LIBRARY_VERSION: the library's interface version
	Author         string // PLUGIN_AUTHOR
	Description    string // PLUGIN_DESCRIPTION
	License        string // PLUGIN_LICENSE
	LoadOption     string // LOAD_OPTION
	Maturity       string // PLUGIN_MATURITY (MariaDB)
	AuthVersion    string // PLUGIN_AUTH_VERSION (MariaDB: version_info)
	// Plugin is the full declaration, with its variables.
	Plugin Plugin
}

// Plugins returns the registered plugins, in registration order.
func (h *Host) Plugins() []PluginInfo {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]PluginInfo, 0, len(h.plugins))
	for _, ip := range h.plugins {
		out = append(out, h.info(ip))
	}
	return out
}

// Plugin returns the registered plugin called name (case-insensitively).
func (h *Host) Plugin(name string) (PluginInfo, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ip := h.find(name)
	if ip == nil {
		return PluginInfo{}, false
	}
	return h.info(ip), true
}

func (h *Host) info(ip *installed) PluginInfo {
	p := h.cfg.profile
	d := ip.plugin
	r := PluginInfo{
		Name: d.Name, Version: d.VersionString(), Status: ip.state.String(), Type: p.TypeName(d.Type),
		TypeVersion: fmtVersion(d.InfoVersion), Library: ip.lib.file,
		LibraryVersion: mysqlabi.FormatVersion(uint32(ip.lib.set.ABI.InterfaceVersion)),
		Author:         d.Author, Description: d.Description, License: d.License.String(),
		LoadOption: ip.option.String(), Plugin: d,
	}
	if p.HasMaturity() {
		m := d.Maturity
		r.AuthVersion = d.VersionInfo
		if d.Family == mysqlabi.FamilyMySQL {
			m, r.AuthVersion = p.MySQLFamilyMaturity, "Unknown"
		}
		r.Maturity = m.String()
	}
	return r
}
