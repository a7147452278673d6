package wolfetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/giftcard-go/giftcard/wolfe"
	"github.com/giftcard-go/giftcard/wolfe/wolfetest"
)

// call sends a raw request to the sandbox and returns the status and the
// decoded envelope.
func call(t *testing.T, srv *wolfetest.Server, method, path, body string, header http.Header) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("partner-key", wolfetest.PartnerKey)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var env map[string]any
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	if err := d.Decode(&env); err != nil {
		t.Fatalf("%s %s answered %d %q: %v", method, path, resp.StatusCode, b, err)
	}
	return resp.StatusCode, env
}

const base = "/partner/" + wolfetest.CompanyID

func TestAuthentication(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(0), wolfetest.WithTenant("t-1"))
	defer srv.Close()
	tenant := http.Header{"Tenant-Id": {"t-1"}}
	for _, tc := range []struct {
		path   string
		header http.Header
		status int
		name   string
	}{
		{base + "/balance", tenant, 200, "SUCCESS"},
		{base + "/balance", http.Header{"Partner-Key": {"wrong"}, "Tenant-Id": {"t-1"}}, 401, "UNAUTHORIZED"},
		{base + "/balance", nil, 403, "FORBIDDEN"},
		{"/partner/11111111-2222-4333-8444-555555555555/balance", tenant, 403, "FORBIDDEN"},
		{base + "/nowhere", tenant, 404, "NOT_FOUND"},
		{base + "/cards", tenant, 501, "NOT_IMPLEMENTED"},
	} {
		status, env := call(t, srv, "GET", tc.path, "", tc.header)
		if status != tc.status || env["message"] != tc.name || env["code"] != json.Number(itoa(tc.status)) {
			t.Errorf("%s %v: %d %v, want %d %s", tc.path, tc.header, status, env, tc.status, tc.name)
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestStrictAmounts: an amount must be a bare JSON integer.
func TestStrictAmounts(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(0))
	defer srv.Close()
	for amount, want := range map[string]int{`1000`: 201, `1000.0`: 400, `"1000"`: 400, `1e3`: 400, `499`: 400, `10001`: 400} {
		body := `{"amount":` + amount + `,"reference_id":"r-` + amount + `","merchant_id":"` + wolfetest.AmazonID + `","email":"a@example.com"}`
		status, env := call(t, srv, "POST", base+"/gifts", body, nil)
		if status != want {
			t.Errorf("amount %s: %d %v, want %d", amount, status, env, want)
		}
		if status == 400 && env["message"] != wolfe.CodePatternNotMatched {
			t.Errorf("amount %s: %v", amount, env)
		}
	}
	status, env := call(t, srv, "POST", base+"/gifts", `{"amount":1000}`, nil)
	data, _ := env["data"].(map[string]any)
	if status != 400 || env["message"] != wolfe.CodeMissingParameters || len(data["parameters"].([]any)) != 4 {
		t.Errorf("missing: %d %v", status, env)
	}
}

// TestDocumentShapes: listings carry the documentation's pagination
// (limit a number, offset and count strings) and merchants their
// redemption methods as a JSON string.
func TestDocumentShapes(t *testing.T) {
	srv := wolfetest.NewServer(wolfetest.WithMerchants(3))
	defer srv.Close()
	status, env := call(t, srv, "GET", base+"/merchants?limit=2&offset=1", "", nil)
	p, _ := env["pagination"].(map[string]any)
	if status != 200 || p["limit"] != json.Number("2") || p["offset"] != "1" || p["count"] != "5" {
		t.Fatalf("%d %v", status, env)
	}
	items := env["data"].([]any)
	if len(items) != 2 {
		t.Fatalf("%v", items)
	}
	if _, isString := items[0].(map[string]any)["redemption_methods"].(string); !isString {
		t.Errorf("redemption_methods %v", items[0])
	}
	status, env = call(t, srv, "GET", base+"/locations/"+wolfetest.ExampleLocationID, "", nil)
	loc := env["data"].(map[string]any)
	if status != 200 || loc["date_created"] != "2022-25-10" || loc["address"].(map[string]any)["address_line_1"] != "221B Baker Street" {
		t.Errorf("%d %v", status, env)
	}
	status, env = call(t, srv, "PUT", base+"/webhooks", `{"events":"[\"GIFT_UPDATE\"]"}`, nil)
	if status != 200 {
		t.Errorf("the documentation's events string: %d %v", status, env)
	}
}
