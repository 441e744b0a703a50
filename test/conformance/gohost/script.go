package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Script says what the host sends and expects, so the same host can drive the reference
// Go plugin and the product's real routes (docs/http-api.md). It is JSON.
type Script struct {
	ExpectHooks   []string               `json:"expectHooks"`
	Config        map[string]interface{} `json:"config"`
	SiteURL       string                 `json:"siteURL"`
	ServerVersion string                 `json:"serverVersion"`
	BundlePath    string                 `json:"bundlePath"`
	Users         []ScriptUser           `json:"users"`
	Teams         []ScriptTeam           `json:"teams"`
	Channels      []ScriptChannel        `json:"channels"`
	Members       []ScriptMember         `json:"members"`
	Permissions   []ScriptPermission     `json:"permissions"`
	KV            map[string]string      `json:"kv"`
	// KVBase64 seeds binary values (a store dumped by scripts/bench-bridge's seeding).
	KVBase64       map[string]string `json:"kvBase64"`
	Requests       []ScriptRequest   `json:"requests"`
	Commands       []ScriptCommand   `json:"commands"`
	ExpectAPICalls []string          `json:"expectApiCalls"`
	ExpectDialogs  []ScriptDialog    `json:"expectDialogs"`
}

// ScriptDialog is a dialog the plugin must have opened through OpenInteractiveDialog: its
// trigger id, callback URL and id, and the element names it must contain (name:type).
type ScriptDialog struct {
	Name       string   `json:"name"`
	TriggerID  string   `json:"triggerId"`
	URL        string   `json:"url"`
	CallbackID string   `json:"callbackId"`
	Elements   []string `json:"elements"`
}

type ScriptUser struct {
	ID        string `json:"id"`
	Username  string `json:"username"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	TimeZone  string `json:"timeZone"`
}

type ScriptTeam struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}

type ScriptChannel struct {
	ID          string `json:"id"`
	TeamID      string `json:"teamId"`
	Type        string `json:"type"`
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
}

type ScriptMember struct {
	ChannelID string `json:"channelId"`
	UserID    string `json:"userId"`
}

type ScriptPermission struct {
	UserID     string `json:"userId"`
	Permission string `json:"permission"`
}

// ScriptRequest is one ServeHTTP call. Exactly one of JSON, BodyBytes (a generated body
// of that many bytes) or neither (an empty body, as Mattermost sends for GET) is used.
// "{{name}}" in Path or JSON is replaced by a value captured from an earlier answer.
type ScriptRequest struct {
	Name          string            `json:"name"`
	Method        string            `json:"method"`
	Path          string            `json:"path"`
	UserID        string            `json:"userId"`
	Headers       map[string]string `json:"headers"`
	JSON          json.RawMessage   `json:"json"`
	BodyBytes     *int              `json:"bodyBytes"`
	NoBodyStream  bool              `json:"noBodyStream"`
	Status        int               `json:"status"`
	BodyContains  string            `json:"bodyContains"`
	ResponseBytes *int              `json:"responseBytes"`
	Echo          bool              `json:"echo"`
	MinWrites     int64             `json:"minWrites"`
	Capture       map[string]string `json:"capture"`
	// HostHeaders: what must become of the headers the host set before ServeHTTP:
	// "kept" (the default) or "dropped" (a Go plugin that writes without ever calling
	// Header() syncs a nil map, which deletes them all), or "any" to not check.
	HostHeaders string `json:"hostHeaders"`
}

type ScriptCommand struct {
	Name         string `json:"name"`
	Command      string `json:"command"`
	UserID       string `json:"userId"`
	ChannelID    string `json:"channelId"`
	TeamID       string `json:"teamId"`
	TriggerID    string `json:"triggerId"`
	TextContains string `json:"textContains"`
	ResponseType string `json:"responseType"`
}

func loadScript(path string) (*Script, error) {
	if path == "" {
		return defaultScript(), nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading script: %w", err)
	}
	var s Script
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("script %s: %w", path, err)
	}
	return &s, nil
}

func intp(n int) *int { return &n }

// defaultScript drives the reference Go plugin (test/conformance/goref).
func defaultScript() *Script {
	return &Script{
		ExpectHooks:   []string{"OnActivate", "OnDeactivate", "OnConfigurationChange", "ServeHTTP", "ExecuteCommand"},
		Config:        map[string]interface{}{"greeting": "hi"},
		SiteURL:       "http://localhost:8065",
		ServerVersion: "9.11.0",
		Users:         []ScriptUser{{ID: "u1", Username: "alice"}},
		KV:            map[string]string{"bench": "0123456789"},
		Requests: []ScriptRequest{
			// These two answers set no header: the Go reference plugin then syncs a nil map
			// (all host headers deleted), the bridge syncs nothing (all kept).
			{Name: "get", Method: "GET", Path: "/hello", UserID: "u1", Status: 200, BodyContains: "hello u1", HostHeaders: "any"},
			{Name: "get-1k", Method: "GET", Path: "/bench/1k", UserID: "u1", Status: 200, ResponseBytes: intp(1024)},
			{Name: "get-kv", Method: "GET", Path: "/bench/kv", UserID: "u1", Status: 200, BodyContains: "kv 10", HostHeaders: "any"},
			{Name: "post-json", Method: "POST", Path: "/echo", UserID: "u1", JSON: json.RawMessage(`{"version":"1.1.1","steps":[1,2,3]}`), Status: 200, Echo: true},
			{Name: "post-empty", Method: "POST", Path: "/echo", UserID: "u1", BodyBytes: intp(0), Status: 200, ResponseBytes: intp(0)},
			{Name: "post-no-body-stream", Method: "POST", Path: "/echo", UserID: "u1", NoBodyStream: true, Status: 200, ResponseBytes: intp(0)},
			{Name: "post-5mb", Method: "POST", Path: "/echo", UserID: "u1", BodyBytes: intp(5 << 20), Status: 200, Echo: true, MinWrites: 2},
			{Name: "anonymous", Method: "GET", Path: "/hello", Status: 401},
			{Name: "not-found", Method: "GET", Path: "/nope", UserID: "u1", Status: 404},
		},
		Commands:       []ScriptCommand{{Name: "command", Command: "/ref hi", UserID: "u1", ChannelID: "c1", TeamID: "t1", TextContains: "ref: /ref hi", ResponseType: "ephemeral"}},
		ExpectAPICalls: []string{"LoadPluginConfiguration", "RegisterCommand", "KVGet"},
	}
}
