package idn

import "errors"

// Punycode (RFC 3492) parameters, §5.
const (
	pcBase        = 36
	pcTMin        = 1
	pcTMax        = 26
	pcSkew        = 38
	pcDamp        = 700
	pcInitialBias = 72
	pcInitialN    = 128
)

var errPunycodeOverflow = errors.New("punycode: overflow")

func pcAdapt(delta, numPoints int32, first bool) int32 {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / numPoints
	k := int32(0)
	for delta > ((pcBase-pcTMin)*pcTMax)/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}

func pcDigit(d int32) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

// appendALabel appends "xn--" and the Punycode encoding (RFC 3492 §6.3) of
// rs to dst. It works on the code points already decoded by the caller
// instead of re-decoding the string at every step; the result equals
// golang.org/x/net/idna's encoder (punycode_test.go, FuzzCheckLabel) on
// lower-case input.
//
// Basic code points A-Z are written in lower case: Punycode copies basic
// code points as they are (RFC 3492 §6.3; IDNA does not use its mixed-case
// annotation), so encoding a string with upper-case ASCII gives a mixed-case
// string such as "xn--Mnchen-3ya" that is no A-label: A-labels come from
// U-labels, which are lower case (RFC 5890 §2.3.2.1, RFC 5891 §5.3). Every
// A-label this package prints is made here, so it is always the encoding of
// the lower-cased string.
func appendALabel(dst []byte, rs []rune) ([]byte, error) {
	dst = append(dst, acePrefix...)
	b := int32(0)
	for _, r := range rs {
		if r < 0x80 {
			c := byte(r)
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			b++
		}
	}
	h := b
	if b > 0 {
		dst = append(dst, '-')
	}
	// The distinct non-basic code points in increasing order: the
	// successive values of m in RFC 3492 §6.3, found once instead of by a
	// scan per step.
	var msBuf [MaxLabelOctets]rune
	ms := msBuf[:0]
	for _, r := range rs {
		if r < 0x80 {
			continue
		}
		i := len(ms)
		for i > 0 && ms[i-1] > r {
			i--
		}
		if i > 0 && ms[i-1] == r {
			continue
		}
		ms = append(ms, 0)
		copy(ms[i+1:], ms[i:])
		ms[i] = r
	}
	n := int32(pcInitialN)
	delta := int32(0)
	bias := int32(pcInitialBias)
	for _, m := range ms {
		if (m - n) > (0x7FFFFFFF-delta)/(h+1) {
			return dst, errPunycodeOverflow
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range rs {
			if r < n {
				delta++
				if delta < 0 {
					return dst, errPunycodeOverflow
				}
				continue
			}
			if r > n {
				continue
			}
			q := uint32(delta)
			for k := int32(pcBase); ; k += pcBase {
				t := k - bias
				if t < pcTMin {
					t = pcTMin
				} else if t > pcTMax {
					t = pcTMax
				}
				ut := uint32(t)
				if q < ut {
					break
				}
				// Constant divisors for the clamped cases let the
				// compiler avoid a hardware division.
				var d, rem uint32
				switch t {
				case pcTMin:
					d, rem = (q-ut)/(pcBase-pcTMin), (q-ut)%(pcBase-pcTMin)
				case pcTMax:
					d, rem = (q-ut)/(pcBase-pcTMax), (q-ut)%(pcBase-pcTMax)
				default:
					d, rem = (q-ut)/uint32(pcBase-t), (q-ut)%uint32(pcBase-t)
				}
				dst = append(dst, pcDigit(int32(ut+rem)))
				q = d
			}
			dst = append(dst, pcDigit(int32(q)))
			bias = pcAdapt(delta, h+1, h == b)
			delta = 0
			h++
		}
		delta++
		n++
	}
	return dst, nil
}

// ALabel returns the A-label of a U-label: "xn--" and the Punycode
// encoding (RFC 3492) of its code points, ASCII letters lower-cased
// (RFC 5890 §2.3.2.1). An all-ASCII label is returned lower-cased, without
// the prefix. It does not validate the label (use [CheckLabel]); it fails
// only when the label is longer than MaxLabelOctets code points or the
// encoding overflows.
func ALabel(u string) (string, error) {
	if isASCII(u) {
		return toLowerASCII(u), nil
	}
	rs := []rune(u)
	if len(rs) > MaxLabelOctets {
		return "", &Error{Kind: ErrLength, Rule: RuleLabelLength, Label: u, Rune: -1, Pos: -1, Err: errors.New("label longer than 63 code points")}
	}
	a, err := appendALabel(nil, rs)
	if err != nil {
		return "", &Error{Kind: ErrALabel, Rule: RuleLabelLength, Label: u, Rune: -1, Pos: -1, Err: err}
	}
	return string(a), nil
}
