// Package rcmattermost only pins the Mattermost server module; the binary is built with
// `go build github.com/mattermost/mattermost/server/v8/cmd/mattermost` from this folder.
package rcmattermost
