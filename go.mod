module github.com/ssrkit/ssr

go 1.26.0

require (
	github.com/ProtonMail/go-crypto v1.5.2
	github.com/cloudflare/circl v1.6.5
	github.com/google/go-cmp v0.7.0
	github.com/miekg/dns v1.1.73
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
)

require (
	golang.org/x/crypto v0.58.0
	golang.org/x/sys v0.49.0 // indirect
)
