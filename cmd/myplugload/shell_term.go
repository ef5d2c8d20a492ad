package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"
	"unsafe"
)

// The interactive shell: a terminal in raw mode, a small line editor
// (left/right, backspace, delete, home/end, ctrl-a/e/u/k, up/down through
// the history) and the history file.

const (
	promptFirst = "myplugload> "
	promptMore  = "    -> "
)

// ioctl runs an ioctl whose argument is a pointer.
func ioctl(fd uintptr, req uintptr, arg unsafe.Pointer) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg)); e != 0 {
		return e
	}
	return nil
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool {
	var t syscall.Termios
	return ioctl(f.Fd(), syscall.TCGETS, unsafe.Pointer(&t)) == nil
}

// makeRaw puts the terminal in raw mode (no echo, no line discipline,
// signals kept) and returns a function that restores it.
func makeRaw(f *os.File) (func(), error) {
	var old syscall.Termios
	if err := ioctl(f.Fd(), syscall.TCGETS, unsafe.Pointer(&old)); err != nil {
		return nil, err
	}
	raw := old
	raw.Iflag &^= syscall.IGNBRK | syscall.BRKINT | syscall.PARMRK | syscall.ISTRIP | syscall.INLCR | syscall.IGNCR | syscall.ICRNL | syscall.IXON
	raw.Lflag &^= syscall.ECHO | syscall.ECHONL | syscall.ICANON | syscall.IEXTEN
	raw.Oflag &^= syscall.OPOST
	raw.Cflag &^= syscall.CSIZE | syscall.PARENB
	raw.Cflag |= syscall.CS8
	raw.Cc[syscall.VMIN] = 1
	raw.Cc[syscall.VTIME] = 0
	if err := ioctl(f.Fd(), syscall.TCSETS, unsafe.Pointer(&raw)); err != nil {
		return nil, err
	}
	return func() { _ = ioctl(f.Fd(), syscall.TCSETS, unsafe.Pointer(&old)) }, nil
}

// errInterrupted is ctrl-C at the prompt; io.EOF is ctrl-D on an empty line.
var errInterrupted = errors.New("interrupted")

// lineEditor reads lines from a raw terminal.
type lineEditor struct {
	in      *bufio.Reader
	out     io.Writer
	history []string
}

// readLine shows prompt and edits one line until Enter.
func (e *lineEditor) readLine(prompt string) (string, error) {
	var buf []rune
	pos := 0
	hist := len(e.history)
	saved := ""
	redraw := func() {
		// Back to the line start, prompt and text, clear the rest, then put
		// the cursor at pos.
		fmt.Fprintf(e.out, "\r%s%s\x1b[K", prompt, string(buf))
		if n := len(buf) - pos; n > 0 {
			fmt.Fprintf(e.out, "\x1b[%dD", n)
		}
	}
	fmt.Fprint(e.out, prompt)
	for {
		r, _, err := e.in.ReadRune()
		if err != nil {
			return "", err
		}
		switch r {
		case '\r', '\n':
			fmt.Fprint(e.out, "\r\n")
			return string(buf), nil
		case 3: // ctrl-C
			fmt.Fprint(e.out, "^C\r\n")
			return "", errInterrupted
		case 4: // ctrl-D
			if len(buf) == 0 {
				fmt.Fprint(e.out, "\r\n")
				return "", io.EOF
			}
			if pos < len(buf) {
				buf = append(buf[:pos], buf[pos+1:]...)
			}
		case 127, 8: // backspace
			if pos > 0 {
				buf = append(buf[:pos-1], buf[pos:]...)
				pos--
			}
		case 1: // ctrl-A
			pos = 0
		case 5: // ctrl-E
			pos = len(buf)
		case 21: // ctrl-U
			buf, pos = buf[pos:], 0
		case 11: // ctrl-K
			buf = buf[:pos]
		case 27: // escape sequence
			seq := e.escape()
			switch seq {
			case "[D", "OD":
				if pos > 0 {
					pos--
				}
			case "[C", "OC":
				if pos < len(buf) {
					pos++
				}
			case "[H", "OH", "[1~", "[7~":
				pos = 0
			case "[F", "OF", "[4~", "[8~":
				pos = len(buf)
			case "[3~":
				if pos < len(buf) {
					buf = append(buf[:pos], buf[pos+1:]...)
				}
			case "[A", "OA":
				if hist > 0 {
					if hist == len(e.history) {
						saved = string(buf)
					}
					hist--
					buf = []rune(e.history[hist])
					pos = len(buf)
				}
			case "[B", "OB":
				if hist < len(e.history) {
					hist++
					if hist == len(e.history) {
						buf = []rune(saved)
					} else {
						buf = []rune(e.history[hist])
					}
					pos = len(buf)
				}
			}
		default:
			if r < 32 || r == utf8.RuneError {
				continue
			}
			buf = append(buf[:pos], append([]rune{r}, buf[pos:]...)...)
			pos++
		}
		redraw()
	}
}

// escape reads the rest of an escape sequence after ESC: "[A", "[3~", "OH".
func (e *lineEditor) escape() string {
	b, err := e.in.ReadByte()
	if err != nil || (b != '[' && b != 'O') {
		return ""
	}
	seq := []byte{b}
	for {
		c, err := e.in.ReadByte()
		if err != nil {
			return ""
		}
		seq = append(seq, c)
		if c >= 0x40 && c <= 0x7e {
			return string(seq)
		}
		if len(seq) > 8 {
			return ""
		}
	}
}

// historyFile is $MYPLUGLOAD_HISTFILE or ~/.myplugload_history; "" when
// neither can be found.
func historyFile() string {
	if f := os.Getenv("MYPLUGLOAD_HISTFILE"); f != "" {
		return f
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".myplugload_history")
}

// loadHistory reads the history file: one statement a line, newlines
// inside a statement stored as "\n".
func loadHistory(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var h []string
	for _, l := range strings.Split(string(data), "\n") {
		if l != "" {
			h = append(h, strings.ReplaceAll(l, `\n`, "\n"))
		}
	}
	if len(h) > 1000 {
		h = h[len(h)-1000:]
	}
	return h
}

// interactive runs the prompt on terminal t until ctrl-D, exit or quit.
func (sh *shell) interactive(t *os.File, stdout, stderr io.Writer) int {
	restore, err := makeRaw(t)
	if err != nil {
		fmt.Fprintf(stderr, "myplugload shell: terminal: %v\n", err)
		return exitFail
	}
	defer restore()
	// In raw mode the terminal does not turn "\n" into "\r\n": the answers
	// pass through a writer that does.
	out, errOut := crlfWriter{stdout}, crlfWriter{stderr}
	hf := historyFile()
	ed := &lineEditor{in: bufio.NewReader(t), out: out, history: loadHistory(hf)}
	var hw *os.File
	if hf != "" {
		if hw, err = os.OpenFile(hf, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err != nil {
			sh.log.Warn("history not saved: " + err.Error())
			hw = nil
		} else {
			defer hw.Close()
		}
	}
	fmt.Fprintf(out, "Welcome to myplugload %s, emulating %s (%s). Type 'help;' for the statements, 'exit' to leave.\n\n",
		version, sh.prof.Name, sh.prof.ServerVersion)
	var sp splitter
	var entry []string
	for {
		prompt := promptFirst
		if sp.pending() {
			prompt = promptMore
		}
		line, err := ed.readLine(prompt)
		if errors.Is(err, errInterrupted) {
			sp.flush()
			entry = nil
			continue
		}
		if err != nil {
			fmt.Fprintln(out, "Bye")
			return exitOK
		}
		if !sp.pending() {
			switch strings.ToLower(strings.TrimRight(strings.TrimSpace(line), ";")) {
			case "exit", "quit", `\q`:
				fmt.Fprintln(out, "Bye")
				return exitOK
			case "help", `\h`, `\?`:
				fmt.Fprint(out, shellUsage)
				continue
			}
		}
		if strings.TrimSpace(line) != "" {
			entry = append(entry, line)
		}
		for _, q := range sp.feed(line + "\n") {
			res := sh.exec(q)
			sh.printResult(out, errOut, q, "", res)
		}
		if !sp.pending() && len(entry) > 0 {
			text := strings.Join(entry, "\n")
			if n := len(ed.history); n == 0 || ed.history[n-1] != text {
				ed.history = append(ed.history, text)
				if hw != nil {
					fmt.Fprintln(hw, strings.ReplaceAll(text, "\n", `\n`))
				}
			}
			entry = nil
		}
	}
}

// crlfWriter turns "\n" into "\r\n" for a terminal in raw mode.
type crlfWriter struct{ w io.Writer }

func (c crlfWriter) Write(p []byte) (int, error) {
	if _, err := c.w.Write([]byte(strings.ReplaceAll(string(p), "\n", "\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}
