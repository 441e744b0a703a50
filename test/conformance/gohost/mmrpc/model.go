// Package mmrpc mirrors the parts of Mattermost's server/public/model and
// server/public/plugin types that cross the plugin RPC boundary. Mattermost's own Go
// packages are not available offline, so the field lists are declared here, in the same
// order and with the same Go types (see docs/mattermost-rpc.md). gob matches fields by
// name, so these structs interoperate with a real server's values.
package mmrpc

import (
	"encoding/gob"
	"fmt"
)

// HookIDs is hooks.go's numbering (never renumbered by Mattermost).
var HookIDs = map[string]int{
	"OnActivate": 0, "OnDeactivate": 1, "ServeHTTP": 2, "OnConfigurationChange": 3,
	"ExecuteCommand": 4, "MessageWillBePosted": 5, "MessageWillBeUpdated": 6,
	"MessageHasBeenPosted": 7, "MessageHasBeenUpdated": 8, "UserHasJoinedChannel": 9,
	"UserHasLeftChannel": 10, "UserHasJoinedTeam": 11, "UserHasLeftTeam": 12,
	"ChannelHasBeenCreated": 13, "FileWillBeUploaded": 14, "UserWillLogIn": 15,
	"UserHasLoggedIn": 16, "UserHasBeenCreated": 17, "ReactionHasBeenAdded": 18,
	"ReactionHasBeenRemoved": 19, "OnPluginClusterEvent": 20, "OnWebSocketConnect": 21,
	"OnWebSocketDisconnect": 22, "WebSocketMessageHasBeenPosted": 23, "RunDataRetention": 24,
	"OnInstall": 25, "OnSendDailyTelemetry": 26, "OnCloudLimitsUpdated": 27,
	"ConfigurationWillBeSaved": 34, "NotificationWillBePushed": 35,
	"UserHasBeenDeactivated": 36, "MessageHasBeenDeleted": 37, "MessagesWillBeConsumed": 38,
	"ServeMetrics": 39, "OnSharedChannelsSyncMsg": 40, "OnSharedChannelsPing": 41,
	"PreferencesHaveChanged": 42, "OnSharedChannelsAttachmentSyncMsg": 43,
	"OnSharedChannelsProfileImageSyncMsg": 44, "GenerateSupportData": 45, "OnSAMLLogin": 46,
	"NotificationsWillBeSent": 47,
}

// Context is plugin.Context.
type Context struct {
	SessionId      string
	ConnectionId   string
	RequestId      string
	IPAddress      string
	AcceptLanguage string
	UserAgent      string
}

// AppError is model.AppError (unexported params/wrapped are never sent).
type AppError struct {
	Id              string
	Message         string
	DetailedError   string
	RequestId       string
	StatusCode      int
	Where           string
	IsOAuth         bool
	SkipTranslation bool
}

func (e *AppError) Error() string {
	s := e.Where + ": " + e.Message
	if e.DetailedError != "" {
		s += ", " + e.DetailedError
	}
	return s
}

// NewAppError builds an AppError the way model.NewAppError does without translation.
func NewAppError(where, id, details string, status int) *AppError {
	return &AppError{Id: id, Message: id, Where: where, DetailedError: details, StatusCode: status}
}

// ErrorString is plugin.ErrorString, the fallback for unregistered error types.
type ErrorString struct {
	Code int
	Err  string
}

func (e ErrorString) Error() string { return e.Err }

// EncodableError mirrors plugin.encodableError for the errors this harness produces.
func EncodableError(err error) error {
	if err == nil {
		return nil
	}
	if ae, ok := err.(*AppError); ok {
		return ae
	}
	return &ErrorString{Err: err.Error()}
}

// ErrorText renders a decoded error-interface value for reports.
func ErrorText(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("%T %s", err, err.Error())
}

type StringInterface map[string]interface{}
type StringMap map[string]string
type StringArray []string

// PostMetadata is declared without fields: the harness never sends it and ignores it when received.
type PostMetadata struct{}

type Post struct {
	Id            string
	CreateAt      int64
	UpdateAt      int64
	EditAt        int64
	DeleteAt      int64
	IsPinned      bool
	UserId        string
	ChannelId     string
	RootId        string
	OriginalId    string
	Message       string
	MessageSource string
	Type          string
	Props         StringInterface
	Hashtags      string
	Filenames     StringArray
	FileIds       StringArray
	PendingPostId string
	HasReactions  bool
	RemoteId      *string
	ReplyCount    int64
	LastReplyAt   int64
	Participants  []*User
	IsFollowing   *bool
	Metadata      *PostMetadata
}

type User struct {
	Id                     string
	CreateAt               int64
	UpdateAt               int64
	DeleteAt               int64
	Username               string
	Password               string
	AuthData               *string
	AuthService            string
	Email                  string
	EmailVerified          bool
	Nickname               string
	FirstName              string
	LastName               string
	Position               string
	Roles                  string
	AllowMarketing         bool
	Props                  StringMap
	NotifyProps            StringMap
	LastPasswordUpdate     int64
	LastPictureUpdate      int64
	FailedAttempts         int
	Locale                 string
	Timezone               StringMap
	MfaActive              bool
	MfaSecret              string
	RemoteId               *string
	LastActivityAt         int64
	IsBot                  bool
	BotDescription         string
	BotLastIconUpdate      int64
	TermsOfServiceId       string
	TermsOfServiceCreateAt int64
	DisableWelcomeEmail    bool
	LastLogin              int64
}

type Channel struct {
	Id                string
	CreateAt          int64
	UpdateAt          int64
	DeleteAt          int64
	TeamId            string
	Type              string
	DisplayName       string
	Name              string
	Header            string
	Purpose           string
	LastPostAt        int64
	TotalMsgCount     int64
	ExtraUpdateAt     int64
	CreatorId         string
	SchemeId          *string
	Props             map[string]interface{}
	GroupConstrained  *bool
	AutoTranslation   bool
	Shared            *bool
	TotalMsgCountRoot int64
	PolicyID          *string
	LastRootPostAt    int64
}

type Team struct {
	Id                  string
	CreateAt            int64
	UpdateAt            int64
	DeleteAt            int64
	DisplayName         string
	Name                string
	Description         string
	Email               string
	Type                string
	CompanyName         string
	AllowedDomains      string
	InviteId            string
	AllowOpenInvite     bool
	LastTeamIconUpdate  int64
	SchemeId            *string
	GroupConstrained    *bool
	PolicyID            *string
	CloudLimitsArchived bool
}

type ChannelMember struct {
	ChannelId          string
	UserId             string
	Roles              string
	LastViewedAt       int64
	MsgCount           int64
	MentionCount       int64
	MentionCountRoot   int64
	UrgentMentionCount int64
	MsgCountRoot       int64
	NotifyProps        StringMap
	LastUpdateAt       int64
	SchemeGuest        bool
	SchemeUser         bool
	SchemeAdmin        bool
	ExplicitRoles      string
}

type PluginKVSetOptions struct {
	Atomic          bool
	OldValue        []byte
	ExpireInSeconds int64
}

type WebsocketBroadcast struct {
	OmitUsers             map[string]bool
	UserId                string
	ChannelId             string
	TeamId                string
	ConnectionId          string
	OmitConnectionId      string
	ContainsSanitizedData bool
	ContainsSensitiveData bool
	ReliableClusterSend   bool
	BroadcastHooks        []string
	BroadcastHookArgs     []map[string]interface{}
}

type Permission struct {
	Id          string
	Name        string
	Description string
	Scope       string
}

type Bot struct {
	UserId         string
	Username       string
	DisplayName    string
	Description    string
	OwnerId        string
	LastIconUpdate int64
	CreateAt       int64
	UpdateAt       int64
	DeleteAt       int64
}

type Command struct {
	Id                   string
	Token                string
	CreateAt             int64
	UpdateAt             int64
	DeleteAt             int64
	CreatorId            string
	TeamId               string
	Trigger              string
	Method               string
	Username             string
	IconURL              string
	AutoComplete         bool
	AutoCompleteDesc     string
	AutoCompleteHint     string
	DisplayName          string
	Description          string
	URL                  string
	PluginId             string
	AutocompleteData     *AutocompleteData
	AutocompleteIconData string
}

type AutocompleteData struct {
	Trigger     string
	Hint        string
	HelpText    string
	RoleID      string
	Arguments   []*AutocompleteArg
	SubCommands []*AutocompleteData
}

type AutocompleteArg struct {
	Name     string
	HelpText string
	Type     string
	Required bool
	Data     interface{}
}

type AutocompleteTextArg struct {
	Hint    string
	Pattern string
}

type AutocompleteListItem struct {
	Item     string
	Hint     string
	HelpText string
}

type AutocompleteStaticListArg struct {
	PossibleArguments []AutocompleteListItem
}

type AutocompleteDynamicListArg struct {
	FetchURL string
}

type CommandArgs struct {
	UserId          string
	ChannelId       string
	TeamId          string
	RootId          string
	ParentId        string
	TriggerId       string
	Command         string
	SiteURL         string
	T               func(string, ...interface{}) string // a func: never sent by gob, as in Mattermost
	UserMentions    map[string]string
	ChannelMentions map[string]string
}

// SlackAttachment is declared with a few of Mattermost's fields; the product sends none.
type SlackAttachment struct {
	Fallback string
	Color    string
	Pretext  string
	Title    string
	Text     string
}

type CommandResponse struct {
	ResponseType     string
	Text             string
	Username         string
	ChannelId        string
	IconURL          string
	Type             string
	Props            StringInterface
	GotoLocation     string
	TriggerId        string
	SkipSlackParsing bool
	Attachments      []*SlackAttachment
	ExtraResponses   []*CommandResponse
}

type ServiceSettings struct {
	SiteURL *string
}

// Config is the subset of model.Config the product reads.
type Config struct {
	ServiceSettings ServiceSettings
}

// Register the interface types under the names Mattermost's client_rpc.go registers them
// (gob.Register keeps the short "*model.X" / "*plugin.X" name for pointer types).
func init() {
	gob.RegisterName("*model.AppError", &AppError{})
	gob.RegisterName("*plugin.ErrorString", &ErrorString{})
	gob.RegisterName("[]interface {}", []interface{}{})
	gob.RegisterName("map[string]interface {}", map[string]interface{}{})
	gob.RegisterName("*model.AutocompleteDynamicListArg", &AutocompleteDynamicListArg{})
	gob.RegisterName("*model.AutocompleteStaticListArg", &AutocompleteStaticListArg{})
	gob.RegisterName("*model.AutocompleteTextArg", &AutocompleteTextArg{})
	gob.RegisterName("[]*model.SlackAttachment", []*SlackAttachment{})
}

// OpenDialogRequest, Dialog, DialogElement and PostActionOptions as a current server declares
// them (model/integration_action.go), newer fields included: a plugin that sends only the
// older subset must still decode here, the newer fields left zero.
type OpenDialogRequest struct {
	TriggerId string
	URL       string
	Dialog    Dialog
}

type Dialog struct {
	CallbackId       string
	Title            string
	IntroductionText string
	IconURL          string
	Elements         []DialogElement
	SubmitLabel      string
	NotifyOnCancel   bool
	State            string
	SourceURL        string
}

type DialogElement struct {
	DisplayName   string
	Name          string
	Type          string
	SubType       string
	Default       string
	Placeholder   string
	HelpText      string
	Optional      bool
	MinLength     int
	MaxLength     int
	DataSource    string
	DataSourceURL string
	Options       []*PostActionOptions
	MultiSelect   bool
	Refresh       bool
	MinDate       string
	MaxDate       string
	TimeInterval  int
}

type PostActionOptions struct {
	Text  string
	Value string
}
