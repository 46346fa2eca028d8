package escrow

import (
	"strings"
)

// Name is an expanded XML name: namespace name and local part. Prefixes are
// never significant (RFC 8909 §4).
type Name struct {
	Space string
	Local string
}

// Attr is an attribute of an element.
type Attr struct {
	Name  Name
	Value string
}

// Element is one XML element of an object, kept losslessly: every attribute,
// every child (including elements of unknown extension namespaces) and its
// character data. Text is the element's own character data, untrimmed; for
// an element with children, white space between them is dropped, and any
// other text is kept in Text with Mixed set (schemas of RFC 9022 allow no
// mixed content, so Verify reports it).
type Element struct {
	Name     Name
	Attrs    []Attr
	Text     string
	Children []*Element
	Mixed    bool
	Line     int // 1-based line of the start tag, 0 if unknown

	textStart, textEnd int // during parsing: range in the reader's arena
}

// Attr returns the value of the unqualified attribute local, and whether it
// is present.
func (e *Element) Attr(local string) (string, bool) {
	for i := range e.Attrs {
		if e.Attrs[i].Name.Local == local && e.Attrs[i].Name.Space == "" {
			return e.Attrs[i].Value, true
		}
	}
	return "", false
}

// Child returns the first child with the given name, or nil.
func (e *Element) Child(space, local string) *Element {
	for _, c := range e.Children {
		if c.Name.Local == local && c.Name.Space == space {
			return c
		}
	}
	return nil
}

// ChildText returns the trimmed text of the first child with the given name,
// or "".
func (e *Element) ChildText(space, local string) string {
	if c := e.Child(space, local); c != nil {
		return trimXMLSpace(c.Text)
	}
	return ""
}

// Value returns the element's text with leading and trailing XML white
// space removed, the value space of token, long and dateTime types.
func (e *Element) Value() string { return strings.Trim(e.Text, " \t\r\n") }

// Clone returns a deep copy of e that stays valid after the Reader moves on.
func (e *Element) Clone() *Element {
	if e == nil {
		return nil
	}
	c := &Element{Name: e.Name, Text: e.Text, Mixed: e.Mixed, Line: e.Line}
	if len(e.Attrs) > 0 {
		c.Attrs = append([]Attr(nil), e.Attrs...)
	}
	if len(e.Children) > 0 {
		c.Children = make([]*Element, len(e.Children))
		for i, ch := range e.Children {
			c.Children[i] = ch.Clone()
		}
	}
	return c
}

// Equal reports whether two element trees are equal, ignoring Line.
func (e *Element) Equal(o *Element) bool {
	if e == nil || o == nil {
		return e == o
	}
	if e.Name != o.Name || e.Mixed != o.Mixed || len(e.Attrs) != len(o.Attrs) || len(e.Children) != len(o.Children) {
		return false
	}
	if e.Text != o.Text && !(len(e.Children) > 0 && trimXMLSpace(e.Text) == trimXMLSpace(o.Text)) {
		return false
	}
	for i := range e.Attrs {
		if e.Attrs[i] != o.Attrs[i] {
			return false
		}
	}
	for i := range e.Children {
		if !e.Children[i].Equal(o.Children[i]) {
			return false
		}
	}
	return true
}

// Find returns the first descendant (depth first, including e) with the
// given name, or nil.
func (e *Element) Find(space, local string) *Element {
	if e.Name.Space == space && e.Name.Local == local {
		return e
	}
	for _, c := range e.Children {
		if f := c.Find(space, local); f != nil {
			return f
		}
	}
	return nil
}
