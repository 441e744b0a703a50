// The Mattermost server the real-server suite runs, built from Mattermost's Go module
// (release tags are not versions of server/v8: pseudo-versions pin the commit). See
// test/mattermost/README.md for the versions and how to add one.
module rcmattermost

go 1.26

require (
	github.com/mattermost/mattermost/server/public v0.1.22-0.20260113165922-8e4cadbc88ee
	github.com/mattermost/mattermost/server/v8 v8.0.0-20260113162330-9e1d4c2072c0
)

// Copied from server/v8's own go.mod: replace directives of a dependency do not apply to
// the module that requires it, and a newer tablewriter breaks jaytaylor/html2text.
replace github.com/olekukonko/tablewriter => github.com/olekukonko/tablewriter v0.0.5
