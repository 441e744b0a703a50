package mmrpc

import (
	"io"
	"net/http"
	"net/url"
)

// Handshake is Mattermost's go-plugin HandshakeConfig (end of server/public/plugin/api.go).
const (
	ProtocolVersion  = 1
	MagicCookieKey   = "MATTERMOST_PLUGIN"
	MagicCookieValue = "Securely message teams, anywhere."
)

// --- hooks (server -> plugin) ---

type Z_OnActivateArgs struct {
	APIMuxId    uint32
	DriverMuxId uint32
}
type Z_OnActivateReturns struct{ A error }

type Z_OnDeactivateArgs struct{}
type Z_OnDeactivateReturns struct{ A error }

type Z_OnConfigurationChangeArgs struct{}
type Z_OnConfigurationChangeReturns struct{ A error }

// HTTPRequestSubset is plugin.HTTPRequestSubset; URL travels as a BinaryMarshaler.
type HTTPRequestSubset struct {
	Method     string
	URL        *url.URL
	Proto      string
	ProtoMajor int
	ProtoMinor int
	Header     http.Header
	Host       string
	RemoteAddr string
	RequestURI string
	Body       io.ReadCloser
}

type Z_ServeHTTPArgs struct {
	ResponseWriterStream uint32
	Request              *HTTPRequestSubset
	Context              *Context
	RequestBodyStream    uint32
}

type Z_ExecuteCommandArgs struct {
	A *Context
	B *CommandArgs
}
type Z_ExecuteCommandReturns struct {
	A *CommandResponse
	B *AppError
}

type Z_MessageHasBeenPostedArgs struct {
	A *Context
	B *Post
}
type Z_MessageHasBeenPostedReturns struct{}

// --- API (plugin -> server) ---

type Z_LoadPluginConfigurationArgsArgs struct{}
type Z_LoadPluginConfigurationArgsReturns struct{ A []byte }

type Z_GetConfigArgs struct{}
type Z_GetConfigReturns struct{ A *Config }

type Z_GetServerVersionArgs struct{}
type Z_GetServerVersionReturns struct{ A string }

type Z_GetBundlePathArgs struct{}
type Z_GetBundlePathReturns struct {
	A string
	B error
}

type Z_KVGetArgs struct{ A string }
type Z_KVGetReturns struct {
	A []byte
	B *AppError
}

type Z_KVSetArgs struct {
	A string
	B []byte
}
type Z_KVSetReturns struct{ A *AppError }

type Z_KVSetWithOptionsArgs struct {
	A string
	B []byte
	C PluginKVSetOptions
}
type Z_KVSetWithOptionsReturns struct {
	A bool
	B *AppError
}

type Z_KVCompareAndSetArgs struct {
	A string
	B []byte
	C []byte
}
type Z_KVCompareAndSetReturns struct {
	A bool
	B *AppError
}

type Z_KVDeleteArgs struct{ A string }
type Z_KVDeleteReturns struct{ A *AppError }

type Z_KVListArgs struct {
	A int
	B int
}
type Z_KVListReturns struct {
	A []string
	B *AppError
}

type Z_GetUserArgs struct{ A string }
type Z_GetUserReturns struct {
	A *User
	B *AppError
}

type Z_GetUserByUsernameArgs struct{ A string }
type Z_GetUserByUsernameReturns struct {
	A *User
	B *AppError
}

type Z_GetChannelArgs struct{ A string }
type Z_GetChannelReturns struct {
	A *Channel
	B *AppError
}

type Z_GetChannelByNameForTeamNameArgs struct {
	A string
	B string
	C bool
}
type Z_GetChannelByNameForTeamNameReturns struct {
	A *Channel
	B *AppError
}

type Z_GetTeamArgs struct{ A string }
type Z_GetTeamReturns struct {
	A *Team
	B *AppError
}

type Z_GetChannelMemberArgs struct {
	A string
	B string
}
type Z_GetChannelMemberReturns struct {
	A *ChannelMember
	B *AppError
}

type Z_GetDirectChannelArgs struct {
	A string
	B string
}
type Z_GetDirectChannelReturns struct {
	A *Channel
	B *AppError
}

type Z_HasPermissionToArgs struct {
	A string
	B *Permission
}
type Z_HasPermissionToReturns struct{ A bool }

type Z_HasPermissionToChannelArgs struct {
	A string
	B string
	C *Permission
}
type Z_HasPermissionToChannelReturns struct{ A bool }

type Z_CreatePostArgs struct{ A *Post }
type Z_CreatePostReturns struct {
	A *Post
	B *AppError
}

type Z_UpdatePostArgs struct{ A *Post }
type Z_UpdatePostReturns struct {
	A *Post
	B *AppError
}

type Z_GetPostArgs struct{ A string }
type Z_GetPostReturns struct {
	A *Post
	B *AppError
}

type Z_SendEphemeralPostArgs struct {
	A string
	B *Post
}
type Z_SendEphemeralPostReturns struct{ A *Post }

type Z_PublishWebSocketEventArgs struct {
	A string
	B map[string]interface{}
	C *WebsocketBroadcast
}
type Z_PublishWebSocketEventReturns struct{}

type Z_EnsureBotUserArgs struct{ A *Bot }
type Z_EnsureBotUserReturns struct {
	A string
	B error
}

type Z_CreateBotArgs struct{ A *Bot }
type Z_CreateBotReturns struct {
	A *Bot
	B *AppError
}

type Z_GetBotArgs struct {
	A string
	B bool
}
type Z_GetBotReturns struct {
	A *Bot
	B *AppError
}

type Z_RegisterCommandArgs struct{ A *Command }
type Z_RegisterCommandReturns struct{ A error }

type Z_OpenInteractiveDialogArgs struct{ A OpenDialogRequest }
type Z_OpenInteractiveDialogReturns struct{ A *AppError }

type Z_SetProfileImageArgs struct {
	A string
	B []byte
}
type Z_SetProfileImageReturns struct{ A *AppError }

// Z_LogArgs is the shape of Z_LogDebugArgs, Z_LogInfoArgs, Z_LogWarnArgs and Z_LogErrorArgs.
type Z_LogArgs struct {
	A string
	B []interface{}
}
type Z_LogReturns struct{}
