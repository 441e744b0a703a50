// Command gobvectors is the Go side of the gob conformance tests. It encodes a corpus of
// values with Go's encoding/gob (one stream per vector), and decodes streams written by the
// TypeScript encoder, comparing them with reflect.DeepEqual and reporting one JSON line per
// vector. The Mattermost vectors are values of Mattermost's own types (server/public's model
// and plugin packages, whose init also registers the interface names the RPC glue uses) and
// the net/rpc headers are net/rpc's own Request and Response.
//
//	gobvectors encode DIR   writes DIR/<vector>.gob
//	gobvectors decode DIR   reads DIR/<vector>.gob and prints {"name","ok","error"} lines
//	gobvectors bench N      encodes and decodes a Post N times, prints ns per op as JSON
package main

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/rpc"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: gobvectors encode|decode DIR | bench N")
		os.Exit(2)
	}
	registerNames()
	switch os.Args[1] {
	case "encode":
		for _, v := range vectors() {
			var buf bytes.Buffer
			enc := gob.NewEncoder(&buf)
			for _, value := range v.values {
				if err := enc.Encode(value); err != nil {
					fmt.Fprintf(os.Stderr, "%s: %v\n", v.name, err)
					os.Exit(1)
				}
			}
			if err := os.WriteFile(filepath.Join(os.Args[2], v.name+".gob"), buf.Bytes(), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	case "decode":
		out := json.NewEncoder(os.Stdout)
		for _, v := range vectors() {
			err := decodeVector(v, filepath.Join(os.Args[2], v.name+".gob"))
			res := map[string]interface{}{"name": v.name, "ok": err == nil}
			if err != nil {
				res["error"] = err.Error()
			}
			out.Encode(res)
		}
	case "bench":
		bench(os.Args[2])
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
}

func decodeVector(v vector, path string) (err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	dec := gob.NewDecoder(bytes.NewReader(data))
	want := v.want
	if want == nil {
		want = v.values
	}
	for i, target := range v.targets() {
		if err := dec.Decode(target); err != nil {
			return fmt.Errorf("value %d: %v", i, err)
		}
		got := reflect.ValueOf(target).Elem().Interface()
		if v.check != nil {
			if err := v.check(i, got); err != nil {
				return fmt.Errorf("value %d: %v", i, err)
			}
			continue
		}
		if !reflect.DeepEqual(got, want[i]) {
			return fmt.Errorf("value %d differs:\n got  %#v\n want %#v", i, got, want[i])
		}
	}
	var extra interface{}
	if err := dec.Decode(&extra); err == nil {
		return fmt.Errorf("unexpected extra value %#v", extra)
	}
	return nil
}

type vector struct {
	name    string
	values  []interface{} // what Go encodes, in stream order
	want    []interface{} // what decoding should give when it differs from values
	check   func(int, interface{}) error
	targets func() []interface{} // fresh pointers to decode into, in stream order
}

// ---- types of the corpus ----

type Point struct{ X, Y int }

type Ints struct {
	I   int
	I8  int8
	I16 int16
	I32 int32
	I64 int64
}

type Uints struct {
	U   uint
	U8  uint8
	U16 uint16
	U32 uint32
	U64 uint64
	Ptr uintptr
}

type Floats struct {
	F32    float32
	F64    float64
	Neg    float64
	Tiny   float64
	Inf    float64
	NegInf float64
	Big    float32
}

type Complexes struct {
	C64  complex64
	C128 complex128
}

type Strings struct {
	Empty   string
	ASCII   string
	Unicode string
	Long    string
}

type Bytes struct {
	B     []byte
	Empty []byte
	Arr   [4]byte
}

type Slices struct {
	Ints    []int
	Strs    []string
	Nested  [][]string
	Structs []Point
	Ptrs    []*Point
	Bools   []bool
	Floats  []float64
}

type Arrays struct {
	A    [3]int
	Zero [2]string
	P    [2]Point
}

type Maps struct {
	M         map[string]int
	Empty     map[string]int
	Nil       map[string]int
	IntKeys   map[int]string
	StructVal map[string]Point
	Lists     map[string][]string
}

type Inner struct {
	A string
	B []int
}

type Nested struct {
	Name string
	In   Inner
	PIn  *Inner
	Deep struct {
		Level  int
		Deeper struct{ Note string }
	}
}

type Node struct {
	Value    int
	Children []*Node
	Next     *Node
}

type Pointers struct {
	PI      *int
	PP      **int
	PStr    *string
	PNil    *Point
	PZero   *Point
	PStruct *Point
	PBool   *bool
}

type AllZero struct {
	B   bool
	I   int
	S   string
	F   float64
	Sl  []string
	M   map[string]int
	If  interface{}
	P   *Point
	T   time.Time
	Arr [2]int
	In  Inner
}

type Empty struct{}

type Interfaces struct {
	A interface{}
	B interface{}
	C interface{}
	D interface{}
	E interface{}
	F interface{}
	G interface{}
	H interface{}
	I interface{}
	J interface{}
}

type Wrapper struct {
	Label string
	Value interface{}
}

type Times struct {
	UTC   time.Time
	Fixed time.Time
	West  time.Time
	Zero  time.Time
	Odd   time.Time
	Early time.Time
	Far   time.Time
}

type Wide struct {
	Keep  string
	Skip1 map[string][]Point
	Skip2 interface{}
	Skip3 [3]Inner
	Skip4 time.Time
	Skip5 *Node
	Skip6 complex128
	Skip7 []byte
	Skip8 []map[int]*Inner
	Keep2 int
}

type Narrow struct {
	Keep  string
	Keep2 int
}

// registerNames registers the corpus's own interface names; the plugin package's init has
// registered Mattermost's (*model.AppError, *plugin.ErrorString, ...).
func registerNames() {
	gob.Register(map[string]interface{}{})
	gob.Register([]interface{}{})
	gob.Register(time.Time{})
	gob.RegisterName("main.Point", Point{})
	gob.RegisterName("main.Wrapper", Wrapper{})
	gob.RegisterName("main.Inner", Inner{})
}

func ptr[T any](v T) *T { return &v }

func samplePost() *model.Post {
	return &model.Post{
		Id: "p1d8q3x7rjbt9cmn1k5xw4y6eh", CreateAt: 1700000000123, UpdateAt: 1700000000456,
		UserId: "u4c9kz3j1pbnxq8r7w2m5t6yde", ChannelId: "c7h2n5j8k1m4p7q0r3s6t9v2wx",
		RootId: "", Message: "Release 1.1.1: security fix merged :tada:\nSee https://example.com/x",
		Type: "custom_release_checklist", IsPinned: true, HasReactions: true, ReplyCount: 3,
		LastReplyAt: 1700000999000, Hashtags: "#release",
		FileIds: model.StringArray{"f1", "f2"}, RemoteId: ptr("remote-1"), IsFollowing: ptr(true),
		Props: model.StringInterface{
			"from_bot": "true",
			"step":     float64(4),
			"ratio":    0.25,
			"done":     true,
			"nothing":  nil,
			"attachments": []interface{}{
				map[string]interface{}{
					"title":  "Step B.2",
					"fields": []interface{}{map[string]interface{}{"short": true, "value": "QA"}},
					"color":  "#ff0000",
				},
			},
			"evidence": map[string]interface{}{"post_ids": []interface{}{"a", "b"}, "count": float64(2)},
		},
		// The real Post also carries Participants and Metadata; Metadata's priority travels.
		Metadata: &model.PostMetadata{Priority: &model.PostPriority{Priority: ptr("urgent"), RequestedAck: ptr(true)}},
	}
}

func sampleRequest() *http.Request {
	u, err := url.Parse("https://chat.example.com/plugins/com.mattermost.release-checklist/api/v1/runs?channel_id=abc&x=%20y")
	if err != nil {
		panic(err)
	}
	return &http.Request{
		Method: "POST", URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}, "Mattermost-User-Id": {"u1"}, "Accept": {"a", "b"}},
		Host:   "chat.example.com", RemoteAddr: "10.0.0.7:51234",
		RequestURI: "/plugins/com.mattermost.release-checklist/api/v1/runs?channel_id=abc&x=%20y",
	}
}

// subsetOf is the part of an http.Request Mattermost forwards to a plugin (the rest of
// http.Request, e.g. its context, cannot be compared or does not travel).
func subsetOf(r *http.Request) plugin.HTTPRequestSubset {
	return plugin.HTTPRequestSubset{Method: r.Method, URL: r.URL, Proto: r.Proto, ProtoMajor: r.ProtoMajor, ProtoMinor: r.ProtoMinor,
		Header: r.Header, Host: r.Host, RemoteAddr: r.RemoteAddr, RequestURI: r.RequestURI}
}

func checkRequest(want *http.Request) func(int, interface{}) error {
	return func(_ int, got interface{}) error {
		g, ok := got.(http.Request)
		if !ok {
			return fmt.Errorf("no request in %#v", got)
		}
		if !reflect.DeepEqual(subsetOf(&g), subsetOf(want)) {
			return fmt.Errorf("request differs:\n got  %#v\n want %#v", subsetOf(&g), subsetOf(want))
		}
		return nil
	}
}

func list(vs ...interface{}) []interface{} { return vs }

func vectors() []vector {
	zone := time.FixedZone("", 5*3600+30*60)
	west := time.FixedZone("", -8*3600)
	odd := time.FixedZone("", 3600+30*60+15)
	tree := &Node{Value: 1, Children: []*Node{{Value: 2}, {Value: 3, Children: []*Node{{Value: 4}}}}}
	chain := &Node{Value: 10, Next: &Node{Value: 11, Next: &Node{Value: 12}}}
	longString := strings.Repeat("release checklist ", 600)
	bigBytes := make([]byte, 300000)
	for i := range bigBytes {
		bigBytes[i] = byte(i * 7)
	}
	req := sampleRequest()
	subset := subsetOf(req)
	return []vector{
		{name: "bool_true", values: list(true), targets: func() []interface{} { return list(new(bool)) }},
		{name: "bool_false", values: list(false), targets: func() []interface{} { return list(new(bool)) }},
		{name: "int_top", values: list(-12345), targets: func() []interface{} { return list(new(int)) }},
		{name: "int64_beyond_2_53", values: list(int64(-9007199254740993)), targets: func() []interface{} { return list(new(int64)) }},
		{name: "uint64_max", values: list(uint64(math.MaxUint64)), targets: func() []interface{} { return list(new(uint64)) }},
		{name: "float64_top", values: list(17.0), targets: func() []interface{} { return list(new(float64)) }},
		{name: "string_top", values: list("hello, gob"), targets: func() []interface{} { return list(new(string)) }},
		{name: "ints_min", values: list(Ints{math.MinInt64, math.MinInt8, math.MinInt16, math.MinInt32, math.MinInt64}), targets: func() []interface{} { return list(new(Ints)) }},
		{name: "ints_max", values: list(Ints{math.MaxInt64, math.MaxInt8, math.MaxInt16, math.MaxInt32, math.MaxInt64}), targets: func() []interface{} { return list(new(Ints)) }},
		{name: "ints_small", values: list(Ints{1, -1, 300, -70000, 1 << 40}), targets: func() []interface{} { return list(new(Ints)) }},
		{name: "uints_max", values: list(Uints{math.MaxUint64, math.MaxUint8, math.MaxUint16, math.MaxUint32, math.MaxUint64, 1 << 62}), targets: func() []interface{} { return list(new(Uints)) }},
		{name: "floats", values: list(Floats{1.5, math.Pi, -2.75e-300, 5e-324, math.Inf(1), math.Inf(-1), math.MaxFloat32}), targets: func() []interface{} { return list(new(Floats)) }},
		{name: "complexes", values: list(Complexes{complex(1.5, -2), complex(math.E, 1e300)}), targets: func() []interface{} { return list(new(Complexes)) }},
		{name: "strings", values: list(Strings{"", "plain ascii", "héllo wörld ✓ 🚀 日本語", longString}), targets: func() []interface{} { return list(new(Strings)) }},
		{name: "bytes", values: list(Bytes{[]byte{0, 1, 2, 255, 128}, nil, [4]byte{9, 8, 7, 6}}), targets: func() []interface{} { return list(new(Bytes)) }},
		{name: "big_bytes", values: list(bigBytes), targets: func() []interface{} { return list(new([]byte)) }},
		{name: "slices", values: list(Slices{
			Ints: []int{0, -1, 1, 1000000}, Strs: []string{"", "a", "bc"}, Nested: [][]string{{"x"}, {}, {"y", "z"}},
			Structs: []Point{{}, {1, 2}}, Ptrs: []*Point{{3, 4}, {}}, Bools: []bool{true, false, true}, Floats: []float64{0, 0.5, -1},
		}), want: list(Slices{
			Ints: []int{0, -1, 1, 1000000}, Strs: []string{"", "a", "bc"}, Nested: [][]string{{"x"}, nil, {"y", "z"}},
			Structs: []Point{{}, {1, 2}}, Ptrs: []*Point{{3, 4}, {}}, Bools: []bool{true, false, true}, Floats: []float64{0, 0.5, -1},
		}), targets: func() []interface{} { return list(new(Slices)) }},
		{name: "arrays", values: list(Arrays{A: [3]int{1, 0, -3}, P: [2]Point{{1, 1}, {}}}), targets: func() []interface{} { return list(new(Arrays)) }},
		{name: "maps", values: list(Maps{
			M: map[string]int{"a": 1, "b": 0, "c": -5}, Empty: map[string]int{}, IntKeys: map[int]string{1: "one", -2: "minus two"},
			StructVal: map[string]Point{"o": {}, "p": {7, 8}}, Lists: map[string][]string{"k": {"v1", "v2"}},
		}), targets: func() []interface{} { return list(new(Maps)) }},
		{name: "nested_structs", values: list(func() Nested {
			n := Nested{Name: "outer", In: Inner{"in", []int{1, 2}}, PIn: &Inner{A: "p"}}
			n.Deep.Level = 2
			n.Deep.Deeper.Note = "bottom"
			return n
		}()), targets: func() []interface{} { return list(new(Nested)) }},
		{name: "recursive_tree", values: list(tree), targets: func() []interface{} { return list(new(*Node)) }},
		{name: "recursive_chain", values: list(chain), targets: func() []interface{} { return list(new(*Node)) }},
		{name: "pointers", values: list(Pointers{PI: ptr(7), PP: ptr(ptr(-9)), PStr: ptr("s"), PZero: &Point{}, PStruct: &Point{1, 2}, PBool: ptr(true)}),
			targets: func() []interface{} { return list(new(Pointers)) }},
		{name: "pointer_to_zero", values: list(Pointers{PI: ptr(0), PStr: ptr(""), PBool: ptr(false)}), want: list(Pointers{}),
			targets: func() []interface{} { return list(new(Pointers)) }},
		{name: "all_zero", values: list(AllZero{}), targets: func() []interface{} { return list(new(AllZero)) }},
		{name: "empty_struct", values: list(Empty{}), targets: func() []interface{} { return list(new(Empty)) }},
		{name: "interfaces", values: list(Interfaces{
			A: "text", C: int64(-5), D: Point{1, 2}, E: []interface{}{"a", 1.5, true, nil},
			F: map[string]interface{}{"k": "v", "n": map[string]interface{}{"deep": []interface{}{float64(1)}}},
			G: time.Date(2023, 5, 6, 7, 8, 9, 10, time.UTC), H: &model.AppError{Id: "api.error", StatusCode: 404},
			I: []string{"x", "y"}, J: uint8(200),
		}), targets: func() []interface{} { return list(new(Interfaces)) }},
		{name: "nested_interface_types", values: list(Wrapper{Label: "outer", Value: []interface{}{
			map[string]interface{}{"p": Point{3, 4}, "w": Wrapper{Label: "inner", Value: Inner{A: "deep", B: []int{5}}}},
		}}), targets: func() []interface{} { return list(new(Wrapper)) }},
		{name: "times", values: list(Times{
			UTC: time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.UTC), Fixed: time.Date(2021, 3, 4, 5, 6, 7, 0, zone),
			West: time.Date(1999, 12, 31, 16, 0, 0, 500, west), Odd: time.Date(2020, 1, 1, 0, 0, 0, 0, odd),
			Early: time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), Far: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		}), targets: func() []interface{} { return list(new(Times)) }},
		{name: "app_error", values: list(&model.AppError{
			Id: "app.plugin.not_found", Message: "Plugin not found.", DetailedError: "id=x", RequestId: "r1",
			StatusCode: 404, Where: "Plugin.Get", SkipTranslation: true,
		}), targets: func() []interface{} { return list(new(*model.AppError)) }},
		{name: "post", values: list(samplePost()), targets: func() []interface{} { return list(new(*model.Post)) }},
		{name: "http_request", values: list(req), check: checkRequest(req), targets: func() []interface{} { return list(new(http.Request)) }},
		{name: "serve_http_args", values: list(plugin.Z_ServeHTTPArgs{
			ResponseWriterStream: 7, Request: &subset, RequestBodyStream: 9,
			Context: &plugin.Context{RequestId: "req-1", IPAddress: "10.0.0.7", AcceptLanguage: "en"},
		}), targets: func() []interface{} { return list(new(plugin.Z_ServeHTTPArgs)) }},
		{name: "execute_command", values: list(
			plugin.Z_ExecuteCommandArgs{
				A: &plugin.Context{SessionId: "s1", RequestId: "cmd-1", UserAgent: "mmctl"},
				B: &model.CommandArgs{UserId: "u1", ChannelId: "c1", TeamId: "t1", RootId: "r1", TriggerId: "trigger-1",
					Command: "/release status", SiteURL: "https://chat.example.com", UserMentions: model.UserMentionMap{"alice": "u2"}},
			},
			plugin.Z_ExecuteCommandReturns{A: &model.CommandResponse{
				ResponseType: model.CommandResponseTypeEphemeral, Text: "Release 2.0.0", Props: model.StringInterface{"from_plugin": true},
				ExtraResponses: []*model.CommandResponse{{ResponseType: model.CommandResponseTypeInChannel, Text: "posted", SkipSlackParsing: true}},
			}},
			plugin.Z_ExecuteCommandReturns{B: &model.AppError{Id: "app.command.execute.app_error", StatusCode: 500, Where: "ExecuteCommand"}},
		), targets: func() []interface{} {
			return list(new(plugin.Z_ExecuteCommandArgs), new(plugin.Z_ExecuteCommandReturns), new(plugin.Z_ExecuteCommandReturns))
		}},
		{name: "hook_errors", values: list(
			plugin.Z_OnActivateReturns{A: &plugin.ErrorString{Code: 1, Err: "EOF"}},
			plugin.Z_OnActivateReturns{A: &model.AppError{Id: "app.plugin.activate.app_error", Message: "bot exists", StatusCode: 400}},
			plugin.Z_OnActivateReturns{},
		), targets: func() []interface{} {
			return list(new(plugin.Z_OnActivateReturns), new(plugin.Z_OnActivateReturns), new(plugin.Z_OnActivateReturns))
		}},
		{name: "skip_unknown", values: list(
			Wide{Keep: "kept", Skip1: map[string][]Point{"a": {{1, 2}}}, Skip2: Point{3, 4}, Skip3: [3]Inner{{A: "x"}, {}, {B: []int{1}}},
				Skip4: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), Skip5: chain, Skip6: complex(1, 2), Skip7: []byte("raw"),
				Skip8: []map[int]*Inner{{1: {A: "m"}}}, Keep2: 42},
			Point{5, 6},
		), want: list(Narrow{"kept", 42}, Point{5, 6}), targets: func() []interface{} { return list(new(Narrow), new(Point)) }},
		{name: "stream_reuse", values: list(Point{1, 2}, Point{3, 4}, rpc.Request{ServiceMethod: "Plugin.OnActivate", Seq: 1}, Point{},
			rpc.Response{ServiceMethod: "Plugin.OnActivate", Seq: 1}, "end"),
			targets: func() []interface{} {
				return list(new(Point), new(Point), new(rpc.Request), new(Point), new(rpc.Response), new(string))
			}},
		{name: "rpc_headers", values: list(rpc.Request{ServiceMethod: "Plugin.ServeHTTP", Seq: 1 << 40}, rpc.Response{ServiceMethod: "Plugin.ServeHTTP", Seq: 1 << 40, Error: "boom"}),
			targets: func() []interface{} { return list(new(rpc.Request), new(rpc.Response)) }},
		{name: "map_top", values: list(map[string]interface{}{"a": "b", "list": []interface{}{"c", 2.5}}),
			targets: func() []interface{} { return list(new(map[string]interface{})) }},
	}
}

func bench(nArg string) {
	var n int
	fmt.Sscan(nArg, &n)
	post := samplePost()
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	enc.Encode(post) // types once, as on an RPC connection
	start := time.Now()
	for i := 0; i < n; i++ {
		buf.Reset()
		if err := enc.Encode(post); err != nil {
			panic(err)
		}
	}
	encNs := float64(time.Since(start).Nanoseconds()) / float64(n)
	msg := append([]byte(nil), buf.Bytes()...)

	var stream bytes.Buffer
	enc2 := gob.NewEncoder(&stream)
	for i := 0; i < n+1; i++ {
		enc2.Encode(post)
	}
	dec := gob.NewDecoder(&stream)
	var first model.Post
	dec.Decode(&first)
	start = time.Now()
	for i := 0; i < n; i++ {
		var p model.Post
		if err := dec.Decode(&p); err != nil {
			panic(err)
		}
	}
	decNs := float64(time.Since(start).Nanoseconds()) / float64(n)
	json.NewEncoder(os.Stdout).Encode(map[string]interface{}{"encodeNs": encNs, "decodeNs": decNs, "messageBytes": len(msg)})
}
