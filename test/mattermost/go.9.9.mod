// A server of the version matrix: the 9.9.0 development snapshot of 2024-05-20
// (a server/v8 commit the Go module proxy serves here), with the server/public tag it pairs with.
module rcmattermost

go 1.26

require (
	github.com/mattermost/mattermost/server/public v0.1.3
	github.com/mattermost/mattermost/server/v8 v8.0.0-20240520151130-4bdd8bb18e47
)

replace github.com/olekukonko/tablewriter => github.com/olekukonko/tablewriter v0.0.5
