package main

import (
	"fmt"
	"html"
	"log"
	"sort"
	"strings"
	"time"
)

// depositXML writes an RFC 9022 FULL deposit (XML model, RFC 9022 §5) for the
// sample TLD: one domain object per delegation, one host object per
// in-bailiwick name server (glue hosts, RFC 9022 §5.2), contacts, registrars,
// one IDN table reference per language of the IDN domains, the EPP
// parameters and the policy of the maximum data model. Header counts (RFC
// 9022 §5.7) equal the objects written. It passes ICANN's RST RDE checks
// (rde-01 … rde-15) for TLD "example", the maximum data model, host
// objects and the IDN tables of idnTables.
func depositXML(dels []delegation) string {
	o := depositObjectsOf(dels)
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	for _, part := range []func(func(string, ...any), *depositObjects){
		writeDepositHeader, writeDomains, writeHosts, writeContacts, writeRegistrars, writeIDNTableRefs, writeEppParams,
	} {
		part(w, o)
	}
	return b.String()
}

// depositHost is one host object of the sample deposit.
type depositHost struct {
	name, roid, rar string
	addrs           []string
}

// depositObjects are the objects of the sample deposit, gathered from the
// delegations, and the dates every object carries.
type depositObjects struct {
	dels                    []delegation
	hosts                   []depositHost
	tags, contacts, rars    map[string]bool
	watermark, created, exp string
}

// depositObjectsOf gathers the host objects (glue hosts first, then the
// external name servers), the contacts, registrars and IDN table tags of
// the delegations.
func depositObjectsOf(dels []delegation) *depositObjects {
	o := &depositObjects{dels: dels, tags: map[string]bool{}, contacts: map[string]bool{}, rars: map[string]bool{},
		watermark: sampleNow.Format(time.RFC3339),
		created:   sampleNow.AddDate(-3, 0, 0).Format(time.RFC3339),
		exp:       sampleNow.AddDate(2, 0, 0).Format(time.RFC3339)}
	for _, d := range dels {
		if d.ulabel != "" {
			o.tags[idnTag(d.ulabel)] = true
		}
		o.contacts[d.contact] = true
		o.rars[d.rar] = true
		var names []string
		for h := range d.glue {
			names = append(names, h)
		}
		sort.Strings(names)
		for _, h := range names {
			var as []string
			for _, a := range d.glue[h] {
				as = append(as, a.String())
			}
			o.hosts = append(o.hosts, depositHost{name: strings.TrimSuffix(h, "."), roid: fmt.Sprintf("H%04d-EXAMPLE", len(o.hosts)+1), rar: d.rar, addrs: as})
		}
	}
	// External name servers are host objects too, without addresses
	// (RFC 5732 §1.1; RFC 9022 §8 requires every referenced host to exist).
	external := map[string]string{}
	for _, d := range dels {
		for _, ns := range d.ns {
			if _, glue := d.glue[ns]; !glue {
				if _, seen := external[ns]; !seen {
					external[ns] = d.rar
				}
			}
		}
	}
	var extNames []string
	for h := range external {
		extNames = append(extNames, h)
	}
	sort.Strings(extNames)
	for _, h := range extNames {
		o.hosts = append(o.hosts, depositHost{name: strings.TrimSuffix(h, "."), roid: fmt.Sprintf("H%04d-EXAMPLE", len(o.hosts)+1), rar: external[h]})
	}
	return o
}

func sortedKeys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// writeDepositHeader writes the deposit's root element, its menu and the
// header with the object counts (RFC 9022 §5.7).
func writeDepositHeader(w func(string, ...any), o *depositObjects) {
	w(`<?xml version="1.0" encoding="UTF-8"?>
<rde:deposit type="FULL" id="20261126001"
  xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"
  xmlns:contact="urn:ietf:params:xml:ns:contact-1.0"
  xmlns:secDNS="urn:ietf:params:xml:ns:secDNS-1.1"
  xmlns:rde="urn:ietf:params:xml:ns:rde-1.0"
  xmlns:rdeHeader="urn:ietf:params:xml:ns:rdeHeader-1.0"
  xmlns:rdeDomain="urn:ietf:params:xml:ns:rdeDomain-1.0"
  xmlns:rdeHost="urn:ietf:params:xml:ns:rdeHost-1.0"
  xmlns:rdeContact="urn:ietf:params:xml:ns:rdeContact-1.0"
  xmlns:rdeRegistrar="urn:ietf:params:xml:ns:rdeRegistrar-1.0"
  xmlns:rdeIDN="urn:ietf:params:xml:ns:rdeIDN-1.0"
  xmlns:rdeEppParams="urn:ietf:params:xml:ns:rdeEppParams-1.0"
  xmlns:rdePolicy="urn:ietf:params:xml:ns:rdePolicy-1.0"
  xmlns:epp="urn:ietf:params:xml:ns:epp-1.0">
  <rde:watermark>%s</rde:watermark>
  <rde:rdeMenu>
    <rde:version>1.0</rde:version>
    <rde:objURI>urn:ietf:params:xml:ns:rdeHeader-1.0</rde:objURI>
    <rde:objURI>urn:ietf:params:xml:ns:rdeContact-1.0</rde:objURI>
    <rde:objURI>urn:ietf:params:xml:ns:rdeHost-1.0</rde:objURI>
    <rde:objURI>urn:ietf:params:xml:ns:rdeDomain-1.0</rde:objURI>
    <rde:objURI>urn:ietf:params:xml:ns:rdeRegistrar-1.0</rde:objURI>
    <rde:objURI>urn:ietf:params:xml:ns:rdeIDN-1.0</rde:objURI>
    <rde:objURI>urn:ietf:params:xml:ns:rdeEppParams-1.0</rde:objURI>
  </rde:rdeMenu>
  <rde:contents>
    <rdeHeader:header>
      <rdeHeader:tld>%s</rdeHeader:tld>
      <rdeHeader:count uri="urn:ietf:params:xml:ns:rdeDomain-1.0">%d</rdeHeader:count>
      <rdeHeader:count uri="urn:ietf:params:xml:ns:rdeHost-1.0">%d</rdeHeader:count>
      <rdeHeader:count uri="urn:ietf:params:xml:ns:rdeContact-1.0">%d</rdeHeader:count>
      <rdeHeader:count uri="urn:ietf:params:xml:ns:rdeRegistrar-1.0">%d</rdeHeader:count>
      <rdeHeader:count uri="urn:ietf:params:xml:ns:rdeIDN-1.0">%d</rdeHeader:count>
      <rdeHeader:count uri="urn:ietf:params:xml:ns:rdeEppParams-1.0">1</rdeHeader:count>
    </rdeHeader:header>
`, o.watermark, strings.TrimSuffix(tld, "."), len(o.dels), len(o.hosts), len(o.contacts), len(o.rars), len(o.tags))
}

// writeDomains writes one domain object per delegation (RFC 9022 §5.1).
func writeDomains(w func(string, ...any), o *depositObjects) {
	esc := html.EscapeString
	created, expires := o.created, o.exp
	for _, d := range o.dels {
		name := d.label + "." + strings.TrimSuffix(tld, ".")
		w("    <rdeDomain:domain>\n      <rdeDomain:name>%s</rdeDomain:name>\n      <rdeDomain:roid>%s</rdeDomain:roid>\n", name, d.roid)
		if d.ulabel != "" {
			w("      <rdeDomain:uName>%s.%s</rdeDomain:uName>\n      <rdeDomain:idnTableId>%s</rdeDomain:idnTableId>\n", esc(d.ulabel), strings.TrimSuffix(tld, "."), idnTag(d.ulabel))
		}
		w("      <rdeDomain:status s=\"ok\"/>\n      <rdeDomain:registrant>%s</rdeDomain:registrant>\n", d.contact)
		w("      <rdeDomain:contact type=\"admin\">%s</rdeDomain:contact>\n      <rdeDomain:contact type=\"tech\">%s</rdeDomain:contact>\n", d.contact, d.contact)
		w("      <rdeDomain:ns>\n")
		for _, ns := range d.ns {
			w("        <domain:hostObj>%s</domain:hostObj>\n", strings.TrimSuffix(ns, "."))
		}
		w("      </rdeDomain:ns>\n      <rdeDomain:clID>%s</rdeDomain:clID>\n      <rdeDomain:crRr>%s</rdeDomain:crRr>\n", d.rar, d.rar)
		w("      <rdeDomain:crDate>%s</rdeDomain:crDate>\n      <rdeDomain:exDate>%s</rdeDomain:exDate>\n", created, expires)
		if d.ds != nil {
			w("      <rdeDomain:secDNS>\n        <secDNS:dsData>\n          <secDNS:keyTag>%d</secDNS:keyTag>\n          <secDNS:alg>%d</secDNS:alg>\n          <secDNS:digestType>%d</secDNS:digestType>\n          <secDNS:digest>%s</secDNS:digest>\n        </secDNS:dsData>\n      </rdeDomain:secDNS>\n",
				d.ds.KeyTag, d.ds.Algorithm, d.ds.DigestType, strings.ToUpper(d.ds.Digest))
		}
		w("    </rdeDomain:domain>\n")
	}
}

// writeHosts writes the host objects (RFC 9022 §5.2).
func writeHosts(w func(string, ...any), o *depositObjects) {
	created := o.created
	for _, h := range o.hosts {
		w("    <rdeHost:host>\n      <rdeHost:name>%s</rdeHost:name>\n      <rdeHost:roid>%s</rdeHost:roid>\n      <rdeHost:status s=\"ok\"/>\n      <rdeHost:status s=\"linked\"/>\n", h.name, h.roid)
		for _, a := range h.addrs {
			v := "v4"
			if strings.Contains(a, ":") {
				v = "v6"
			}
			w("      <rdeHost:addr ip=\"%s\">%s</rdeHost:addr>\n", v, a)
		}
		w("      <rdeHost:clID>%s</rdeHost:clID>\n      <rdeHost:crRr>%s</rdeHost:crRr>\n      <rdeHost:crDate>%s</rdeHost:crDate>\n    </rdeHost:host>\n", h.rar, h.rar, created)
	}
}

// writeContacts writes one contact object per registrant (RFC 9022 §5.3).
func writeContacts(w func(string, ...any), o *depositObjects) {
	created := o.created
	for i, c := range sortedKeys(o.contacts) {
		w(`    <rdeContact:contact>
      <rdeContact:id>%s</rdeContact:id>
      <rdeContact:roid>%s-EXAMPLE</rdeContact:roid>
      <rdeContact:status s="linked"/>
      <rdeContact:postalInfo type="int">
        <contact:name>Sample Registrant %d</contact:name>
        <contact:addr>
          <contact:street>%d Example Street</contact:street>
          <contact:city>Exampleville</contact:city>
          <contact:cc>US</contact:cc>
        </contact:addr>
      </rdeContact:postalInfo>
      <rdeContact:voice>+1.5555550%03d</rdeContact:voice>
      <rdeContact:email>registrant%d@mail.example</rdeContact:email>
      <rdeContact:clID>rar%d</rdeContact:clID>
      <rdeContact:crRr>rar%d</rdeContact:crRr>
      <rdeContact:crDate>%s</rdeContact:crDate>
    </rdeContact:contact>
`, c, c, i+1, i+1, i+1, i+1, i%5+1, i%5+1, created)
	}
}

// writeRegistrars writes the registrar objects (RFC 9022 §5.4).
func writeRegistrars(w func(string, ...any), o *depositObjects) {
	created := o.created
	for i, r := range sortedKeys(o.rars) {
		w(`    <rdeRegistrar:registrar>
      <rdeRegistrar:id>%s</rdeRegistrar:id>
      <rdeRegistrar:name>Sample Registrar %d</rdeRegistrar:name>
      <rdeRegistrar:gurid>%d</rdeRegistrar:gurid>
      <rdeRegistrar:status>ok</rdeRegistrar:status>
      <rdeRegistrar:postalInfo type="int">
        <rdeRegistrar:addr>
          <rdeRegistrar:street>%d Registrar Road</rdeRegistrar:street>
          <rdeRegistrar:city>Exampleville</rdeRegistrar:city>
          <rdeRegistrar:cc>US</rdeRegistrar:cc>
        </rdeRegistrar:addr>
      </rdeRegistrar:postalInfo>
      <rdeRegistrar:voice>+1.5555551%03d</rdeRegistrar:voice>
      <rdeRegistrar:email>support@rar%d.example</rdeRegistrar:email>
      <rdeRegistrar:crDate>%s</rdeRegistrar:crDate>
    </rdeRegistrar:registrar>
`, r, i+1, sampleGurids[i%len(sampleGurids)], i+1, i+1, i+1, created)
	}
}

// writeIDNTableRefs writes one IDN table reference per language tag
// (RFC 9022 §5.5).
func writeIDNTableRefs(w func(string, ...any), o *depositObjects) {
	for _, t := range sortedKeys(o.tags) {
		w(`    <rdeIDN:idnTableRef id="%s">
      <rdeIDN:url>https://nic.example/idn-tables/%s.txt</rdeIDN:url>
      <rdeIDN:urlPolicy>https://nic.example/idn-policy</rdeIDN:urlPolicy>
    </rdeIDN:idnTableRef>
`, t, t)
	}
}

// writeEppParams writes the EPP parameters object (RFC 9022 §5.8), the
// policy object of the maximum data model (RFC 9022 §5.9) and closes the
// deposit.
func writeEppParams(w func(string, ...any), _ *depositObjects) {
	w(`    <rdeEppParams:eppParams>
      <rdeEppParams:version>1.0</rdeEppParams:version>
      <rdeEppParams:lang>en</rdeEppParams:lang>
      <rdeEppParams:objURI>urn:ietf:params:xml:ns:domain-1.0</rdeEppParams:objURI>
      <rdeEppParams:objURI>urn:ietf:params:xml:ns:contact-1.0</rdeEppParams:objURI>
      <rdeEppParams:objURI>urn:ietf:params:xml:ns:host-1.0</rdeEppParams:objURI>
      <rdeEppParams:svcExtension>
        <epp:extURI>urn:ietf:params:xml:ns:secDNS-1.1</epp:extURI>
        <epp:extURI>urn:ietf:params:xml:ns:rgp-1.0</epp:extURI>
      </rdeEppParams:svcExtension>
      <rdeEppParams:dcp>
        <epp:access><epp:all/></epp:access>
        <epp:statement>
          <epp:purpose><epp:admin/><epp:prov/></epp:purpose>
          <epp:recipient><epp:ours/><epp:public/></epp:recipient>
          <epp:retention><epp:stated/></epp:retention>
        </epp:statement>
      </rdeEppParams:dcp>
    </rdeEppParams:eppParams>
    <rdePolicy:policy scope="//rde:deposit/rde:contents/rdeDomain:domain" element="rdeDomain:registrant"/>
  </rde:contents>
</rde:deposit>
`)
}

// sampleGurids are the IANA Registrar IDs of the sample registrars: IDs
// IANA reserves for testing (8 "Test Registrar", 9995 and 9996 for
// pre-delegation testing) and for a registry operator acting as registrar
// (9998, 9999), so no real registrar is named (RST rde-10 requires IDs of
// IANA's Registrar IDs registry).
var sampleGurids = []int{8, 9995, 9996, 9998, 9999}

// idnLanguage maps each IDN U-label of the sample to the language tag of
// its IDN table (RST rde-11: table ids are the language tags of the TLD's
// IDN tables).
var idnLanguage = map[string]string{
	"bücher": "de", "münchen": "de", "españa": "es", "ελλάδα": "el", "пример": "ru",
	"日本語": "ja", "例え": "ja", "مثال": "ar", "דוגמה": "he", "ตัวอย่าง": "th",
}

func idnTag(ulabel string) string {
	t, ok := idnLanguage[ulabel]
	if !ok {
		log.Fatalf("no IDN table language for %q", ulabel)
	}
	return t
}
