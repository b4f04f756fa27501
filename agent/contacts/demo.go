package contacts

import _ "embed"

// DemoCSV is the demo campaign's contact list: 24 fictional people with
// numbers in the 555-01xx range (reserved for fiction in the North American
// numbering plan, yet valid to libphonenumber), time zones across the US and a
// persona column that tells the simulated callee how to behave: cooperative,
// refuses, opts_out_mid_survey, asks_if_robot, asks_identity, asks_callback,
// adversarial, opts_out_during_disclosure. Read it with Parse(bytes.NewReader(DemoCSV), "US").
//
// The demo pre-seeds the row named DemoPreOptedName ("Dana Reyes",
// +13125550104) into the do-not-call list, so that one contact shows a number
// that is never dialled.
//
//go:embed examples/demo.csv
var DemoCSV []byte

// DemoPreOptedName is the name of the DemoCSV contact the demo puts on the
// do-not-call list before the campaign starts.
const DemoPreOptedName = "Dana Reyes"
