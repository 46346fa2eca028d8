package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Command is one program's command line: its flags, help text and output
// streams. Build it with New, add flags to Flags, then call Parse.
type Command struct {
	Name     string        // program name, the prefix of every message
	Synopsis []string      // usage lines without the program name
	About    string        // one paragraph after the synopsis (limits, stdin)
	Examples []string      // full command lines; together they use every flag
	Flags    *flag.FlagSet // the program's flags
	Stdout   io.Writer
	Stderr   io.Writer
}

// New returns a Command whose FlagSet reports errors through Parse.
func New(name string, stdout, stderr io.Writer) *Command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &Command{Name: name, Flags: fs, Stdout: stdout, Stderr: stderr}
}

// Time defines a time flag parsed with ParseTime; unset, it holds the zero
// time.
func (c *Command) Time(name, usage string) *time.Time {
	t := new(time.Time)
	c.Flags.Var(timeValue{t}, name, usage+"; `TIME` is "+TimeFormats)
	return t
}

// Parse parses args, flags and positional arguments in any order, up to
// "--". It returns the positional arguments and ok; when ok is false the
// program exits with code: ExitOK after -h (help on Stdout), ExitUsage after
// a bad flag (one line on Stderr).
func (c *Command) Parse(args []string) (pos []string, code int, ok bool) {
	var flags []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := c.Flags.Lookup(name); f != nil && !isBool(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	err := c.Flags.Parse(flags)
	if errors.Is(err, flag.ErrHelp) {
		c.Help(c.Stdout)
		return nil, ExitOK, false
	}
	if err != nil {
		return nil, c.Usagef("%v", err), false
	}
	return pos, 0, true
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Usagef prints one line, the message and a pointer to -h, on Stderr and
// returns ExitUsage.
func (c *Command) Usagef(format string, args ...any) int {
	msg := Line(fmt.Sprintf(format, args...), MaxMessageBytes-len(c.Name)-30)
	fmt.Fprintf(c.Stderr, "%s: %s (%s -h for help)\n", c.Name, msg, c.Name)
	return ExitUsage
}

// Fail prints err as one line on Stderr and returns code.
func (c *Command) Fail(code int, err error) int {
	fmt.Fprintf(c.Stderr, "%s: %s\n", c.Name, Line(err.Error(), MaxMessageBytes-len(c.Name)-3))
	return code
}

// Printf prints one line of progress or a finding on Stderr.
func (c *Command) Printf(format string, args ...any) {
	fmt.Fprintf(c.Stderr, "%s: %s\n", c.Name, Line(fmt.Sprintf(format, args...), MaxMessageBytes-len(c.Name)-3))
}

// Help writes the help: synopsis, about, every flag with its default, and
// the examples.
func (c *Command) Help(w io.Writer) {
	for i, s := range c.Synopsis {
		lead := "usage:"
		if i > 0 {
			lead = "      "
		}
		fmt.Fprintf(w, "%s %s %s\n", lead, c.Name, s)
	}
	if c.About != "" {
		fmt.Fprintf(w, "\n%s\n", c.About)
	}
	fmt.Fprintf(w, "\nflags:\n")
	c.Flags.SetOutput(w)
	c.Flags.PrintDefaults()
	c.Flags.SetOutput(io.Discard)
	fmt.Fprintf(w, "\nexit status: 0 ok, 1 findings, 2 usage, I/O or malformed input\n")
	if len(c.Examples) > 0 {
		fmt.Fprintf(w, "\nexamples:\n")
		for _, e := range c.Examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}
