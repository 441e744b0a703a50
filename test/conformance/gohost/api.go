package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"rcconformance/gohost/mmrpc"
)

// apiServer answers the plugin API over the broker exactly as Mattermost's apiRPCServer
// does (methods registered as "Plugin", Z_* argument and reply structs), backed by memory.
// KV follows the server's semantics, including atomic compare-and-set and expiry.
type apiServer struct {
	mu       sync.Mutex
	script   *Script
	kv       map[string]kvEntry
	users    map[string]*mmrpc.User
	channels map[string]*mmrpc.Channel
	teams    map[string]*mmrpc.Team
	members  map[string]bool
	perms    map[string]bool
	posts    map[string]*mmrpc.Post
	bots     map[string]*mmrpc.Bot
	commands []*mmrpc.Command
	dialogs  []mmrpc.OpenDialogRequest
	events   []string
	calls    map[string]int
	quiet    bool
}

type kvEntry struct {
	value    []byte
	expireAt time.Time
}

func newAPIServer(s *Script) *apiServer {
	a := &apiServer{
		script: s, kv: map[string]kvEntry{}, users: map[string]*mmrpc.User{},
		channels: map[string]*mmrpc.Channel{}, teams: map[string]*mmrpc.Team{}, members: map[string]bool{}, perms: map[string]bool{},
		posts: map[string]*mmrpc.Post{}, bots: map[string]*mmrpc.Bot{}, calls: map[string]int{},
	}
	for _, u := range s.Users {
		tz := mmrpc.StringMap{"useAutomaticTimezone": "false", "manualTimezone": u.TimeZone}
		a.users[u.ID] = &mmrpc.User{Id: u.ID, Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, Timezone: tz, Roles: "system_user"}
	}
	for _, t := range s.Teams {
		a.teams[t.ID] = &mmrpc.Team{Id: t.ID, Name: t.Name, DisplayName: t.DisplayName, Type: "O", AllowOpenInvite: true}
	}
	for _, c := range s.Channels {
		a.channels[c.ID] = &mmrpc.Channel{Id: c.ID, TeamId: c.TeamID, Type: c.Type, Name: c.Name, DisplayName: c.DisplayName}
	}
	for _, m := range s.Members {
		a.members[m.ChannelID+"/"+m.UserID] = true
	}
	for _, p := range s.Permissions {
		a.perms[p.UserID+"/"+p.Permission] = true
	}
	for k, v := range s.KV {
		a.kv[k] = kvEntry{value: []byte(v)}
	}
	return a
}

// enter takes the lock for one API call and counts it; the caller defers the returned unlock.
func (a *apiServer) enter(name string) func() {
	a.mu.Lock()
	a.calls[name]++
	return a.mu.Unlock
}

func (a *apiServer) callCount(name string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.calls[name]
}

func newID() string {
	const alphabet = "abcdefghijkmnopqrstuwxyz13456789"
	b := make([]byte, 26)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func notFound(where, what string) *mmrpc.AppError {
	return mmrpc.NewAppError(where, "app."+what+".missing.app_error", "", http.StatusNotFound)
}

func (a *apiServer) LoadPluginConfiguration(args *mmrpc.Z_LoadPluginConfigurationArgsArgs, ret *mmrpc.Z_LoadPluginConfigurationArgsReturns) error {
	defer a.enter("LoadPluginConfiguration")()
	b, err := json.Marshal(a.script.Config)
	if err != nil {
		return err
	}
	ret.A = b
	return nil
}

func (a *apiServer) GetConfig(args *mmrpc.Z_GetConfigArgs, ret *mmrpc.Z_GetConfigReturns) error {
	defer a.enter("GetConfig")()
	site := a.script.SiteURL
	ret.A = &mmrpc.Config{ServiceSettings: mmrpc.ServiceSettings{SiteURL: &site}}
	return nil
}

func (a *apiServer) GetServerVersion(args *mmrpc.Z_GetServerVersionArgs, ret *mmrpc.Z_GetServerVersionReturns) error {
	defer a.enter("GetServerVersion")()
	ret.A = a.script.ServerVersion
	return nil
}

func (a *apiServer) GetBundlePath(args *mmrpc.Z_GetBundlePathArgs, ret *mmrpc.Z_GetBundlePathReturns) error {
	defer a.enter("GetBundlePath")()
	ret.A = a.script.BundlePath
	if ret.A == "" {
		ret.B = mmrpc.EncodableError(errors.New("no bundle path configured"))
	}
	return nil
}

// kvGet returns the live value; expired entries are dropped. Caller holds mu.
func (a *apiServer) kvGet(key string) ([]byte, bool) {
	e, ok := a.kv[key]
	if !ok {
		return nil, false
	}
	if !e.expireAt.IsZero() && time.Now().After(e.expireAt) {
		delete(a.kv, key)
		return nil, false
	}
	return e.value, true
}

func (a *apiServer) kvPut(key string, value []byte, expireInSeconds int64) {
	if value == nil {
		delete(a.kv, key)
		return
	}
	e := kvEntry{value: append([]byte(nil), value...)}
	if expireInSeconds > 0 {
		e.expireAt = time.Now().Add(time.Duration(expireInSeconds) * time.Second)
	}
	a.kv[key] = e
}

func (a *apiServer) KVGet(args *mmrpc.Z_KVGetArgs, ret *mmrpc.Z_KVGetReturns) error {
	defer a.enter("KVGet")()
	if v, ok := a.kvGet(args.A); ok {
		ret.A = append([]byte(nil), v...)
	}
	return nil
}

func (a *apiServer) KVSet(args *mmrpc.Z_KVSetArgs, ret *mmrpc.Z_KVSetReturns) error {
	defer a.enter("KVSet")()
	a.kvPut(args.A, args.B, 0)
	return nil
}

func (a *apiServer) KVSetWithOptions(args *mmrpc.Z_KVSetWithOptionsArgs, ret *mmrpc.Z_KVSetWithOptionsReturns) error {
	defer a.enter("KVSetWithOptions")()
	opt := args.C
	if !opt.Atomic && opt.OldValue != nil {
		ret.B = mmrpc.NewAppError("PluginKVSetOptions.IsValid", "model.plugin_kvset_options.is_valid.old_value.app_error", "", http.StatusBadRequest)
		return nil
	}
	if opt.Atomic {
		cur, exists := a.kvGet(args.A)
		if opt.OldValue == nil {
			if exists {
				return nil
			}
		} else if !exists || !bytes.Equal(cur, opt.OldValue) {
			return nil
		}
	}
	a.kvPut(args.A, args.B, opt.ExpireInSeconds)
	ret.A = true
	return nil
}

func (a *apiServer) KVCompareAndSet(args *mmrpc.Z_KVCompareAndSetArgs, ret *mmrpc.Z_KVCompareAndSetReturns) error {
	defer a.enter("KVCompareAndSet")()
	cur, exists := a.kvGet(args.A)
	if (args.B == nil && exists) || (args.B != nil && (!exists || !bytes.Equal(cur, args.B))) {
		return nil
	}
	a.kvPut(args.A, args.C, 0)
	ret.A = true
	return nil
}

func (a *apiServer) KVDelete(args *mmrpc.Z_KVDeleteArgs, ret *mmrpc.Z_KVDeleteReturns) error {
	defer a.enter("KVDelete")()
	delete(a.kv, args.A)
	return nil
}

func (a *apiServer) KVList(args *mmrpc.Z_KVListArgs, ret *mmrpc.Z_KVListReturns) error {
	defer a.enter("KVList")()
	if args.A < 0 || args.B <= 0 {
		ret.B = mmrpc.NewAppError("KVList", "app.plugin.kv_list.invalid_paging", "", http.StatusBadRequest)
		return nil
	}
	keys := make([]string, 0, len(a.kv))
	for k := range a.kv {
		if _, ok := a.kvGet(k); ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	start := args.A * args.B
	if start >= len(keys) {
		ret.A = []string{}
		return nil
	}
	end := start + args.B
	if end > len(keys) {
		end = len(keys)
	}
	ret.A = keys[start:end]
	return nil
}

func (a *apiServer) GetUser(args *mmrpc.Z_GetUserArgs, ret *mmrpc.Z_GetUserReturns) error {
	defer a.enter("GetUser")()
	if u, ok := a.users[args.A]; ok {
		ret.A = u
	} else {
		ret.B = notFound("GetUser", "user.get")
	}
	return nil
}

func (a *apiServer) GetUserByUsername(args *mmrpc.Z_GetUserByUsernameArgs, ret *mmrpc.Z_GetUserByUsernameReturns) error {
	defer a.enter("GetUserByUsername")()
	for _, u := range a.users {
		if u.Username == args.A {
			ret.A = u
			return nil
		}
	}
	ret.B = notFound("GetUserByUsername", "user.get_by_username")
	return nil
}

func (a *apiServer) GetChannel(args *mmrpc.Z_GetChannelArgs, ret *mmrpc.Z_GetChannelReturns) error {
	defer a.enter("GetChannel")()
	if c, ok := a.channels[args.A]; ok {
		ret.A = c
	} else {
		ret.B = notFound("GetChannel", "channel.get")
	}
	return nil
}

func (a *apiServer) GetChannelByNameForTeamName(args *mmrpc.Z_GetChannelByNameForTeamNameArgs, ret *mmrpc.Z_GetChannelByNameForTeamNameReturns) error {
	defer a.enter("GetChannelByNameForTeamName")()
	for _, t := range a.teams {
		if t.Name != args.A {
			continue
		}
		for _, c := range a.channels {
			if c.TeamId == t.Id && c.Name == args.B && (c.DeleteAt == 0 || args.C) {
				ret.A = c
				return nil
			}
		}
	}
	ret.B = notFound("GetChannelByNameForTeamName", "channel.get_by_name")
	return nil
}

func (a *apiServer) GetTeam(args *mmrpc.Z_GetTeamArgs, ret *mmrpc.Z_GetTeamReturns) error {
	defer a.enter("GetTeam")()
	if t, ok := a.teams[args.A]; ok {
		ret.A = t
	} else {
		ret.B = notFound("GetTeam", "team.get")
	}
	return nil
}

func (a *apiServer) GetChannelMember(args *mmrpc.Z_GetChannelMemberArgs, ret *mmrpc.Z_GetChannelMemberReturns) error {
	defer a.enter("GetChannelMember")()
	if a.members[args.A+"/"+args.B] {
		ret.A = &mmrpc.ChannelMember{ChannelId: args.A, UserId: args.B, Roles: "channel_user", SchemeUser: true, NotifyProps: mmrpc.StringMap{}}
	} else {
		ret.B = notFound("GetChannelMember", "channel.get_member")
	}
	return nil
}

func (a *apiServer) GetDirectChannel(args *mmrpc.Z_GetDirectChannelArgs, ret *mmrpc.Z_GetDirectChannelReturns) error {
	defer a.enter("GetDirectChannel")()
	ids := []string{args.A, args.B}
	sort.Strings(ids)
	name := ids[0] + "__" + ids[1]
	for _, c := range a.channels {
		if c.Type == "D" && c.Name == name {
			ret.A = c
			return nil
		}
	}
	c := &mmrpc.Channel{Id: newID(), Type: "D", Name: name, CreateAt: time.Now().UnixMilli()}
	a.channels[c.Id] = c
	a.members[c.Id+"/"+args.A] = true
	a.members[c.Id+"/"+args.B] = true
	ret.A = c
	return nil
}

func (a *apiServer) HasPermissionTo(args *mmrpc.Z_HasPermissionToArgs, ret *mmrpc.Z_HasPermissionToReturns) error {
	defer a.enter("HasPermissionTo")()
	ret.A = args.B != nil && a.perms[args.A+"/"+args.B.Id]
	return nil
}

func (a *apiServer) HasPermissionToChannel(args *mmrpc.Z_HasPermissionToChannelArgs, ret *mmrpc.Z_HasPermissionToChannelReturns) error {
	defer a.enter("HasPermissionToChannel")()
	ret.A = args.C != nil && (a.perms[args.A+"/"+args.C.Id] || (args.C.Id == "read_channel" && a.members[args.B+"/"+args.A]))
	return nil
}

func (a *apiServer) CreatePost(args *mmrpc.Z_CreatePostArgs, ret *mmrpc.Z_CreatePostReturns) error {
	defer a.enter("CreatePost")()
	if args.A == nil || args.A.ChannelId == "" {
		ret.B = mmrpc.NewAppError("CreatePost", "model.post.is_valid.channel_id.app_error", "", http.StatusBadRequest)
		return nil
	}
	p := *args.A
	p.Id = newID()
	p.CreateAt = time.Now().UnixMilli()
	p.UpdateAt = p.CreateAt
	a.posts[p.Id] = &p
	ret.A = &p
	return nil
}

func (a *apiServer) UpdatePost(args *mmrpc.Z_UpdatePostArgs, ret *mmrpc.Z_UpdatePostReturns) error {
	defer a.enter("UpdatePost")()
	if args.A == nil {
		ret.B = notFound("UpdatePost", "post.get")
		return nil
	}
	old, ok := a.posts[args.A.Id]
	if !ok {
		ret.B = notFound("UpdatePost", "post.get")
		return nil
	}
	p := *old
	p.Message = args.A.Message
	p.Props = args.A.Props
	p.UpdateAt = time.Now().UnixMilli()
	p.EditAt = p.UpdateAt
	a.posts[p.Id] = &p
	ret.A = &p
	return nil
}

func (a *apiServer) GetPost(args *mmrpc.Z_GetPostArgs, ret *mmrpc.Z_GetPostReturns) error {
	defer a.enter("GetPost")()
	if p, ok := a.posts[args.A]; ok {
		ret.A = p
	} else {
		ret.B = notFound("GetPost", "post.get")
	}
	return nil
}

func (a *apiServer) SendEphemeralPost(args *mmrpc.Z_SendEphemeralPostArgs, ret *mmrpc.Z_SendEphemeralPostReturns) error {
	defer a.enter("SendEphemeralPost")()
	if args.B == nil {
		return nil
	}
	p := *args.B
	p.Id = newID()
	p.Type = "system_ephemeral"
	p.CreateAt = time.Now().UnixMilli()
	a.events = append(a.events, "ephemeral:"+args.A)
	ret.A = &p
	return nil
}

func (a *apiServer) PublishWebSocketEvent(args *mmrpc.Z_PublishWebSocketEventArgs, ret *mmrpc.Z_PublishWebSocketEventReturns) error {
	defer a.enter("PublishWebSocketEvent")()
	target := ""
	if args.C != nil {
		target = args.C.ChannelId + args.C.UserId
	}
	a.events = append(a.events, "ws:"+args.A+":"+target)
	return nil
}

// createBot is shared by CreateBot and EnsureBotUser. Caller holds mu.
func (a *apiServer) createBot(b *mmrpc.Bot) (*mmrpc.Bot, *mmrpc.AppError) {
	if b == nil || b.Username == "" {
		return nil, mmrpc.NewAppError("CreateBot", "model.bot.is_valid.username.app_error", "", http.StatusBadRequest)
	}
	for _, u := range a.users {
		if u.Username == b.Username {
			return nil, mmrpc.NewAppError("CreateBot", "app.user.save.username_exists.app_error", "", http.StatusBadRequest)
		}
	}
	bot := *b
	bot.UserId = newID()
	bot.CreateAt = time.Now().UnixMilli()
	bot.UpdateAt = bot.CreateAt
	a.bots[bot.UserId] = &bot
	a.users[bot.UserId] = &mmrpc.User{Id: bot.UserId, Username: bot.Username, FirstName: bot.DisplayName, IsBot: true, BotDescription: bot.Description}
	return &bot, nil
}

func (a *apiServer) CreateBot(args *mmrpc.Z_CreateBotArgs, ret *mmrpc.Z_CreateBotReturns) error {
	defer a.enter("CreateBot")()
	ret.A, ret.B = a.createBot(args.A)
	return nil
}

func (a *apiServer) EnsureBotUser(args *mmrpc.Z_EnsureBotUserArgs, ret *mmrpc.Z_EnsureBotUserReturns) error {
	defer a.enter("EnsureBotUser")()
	if args.A != nil {
		for _, b := range a.bots {
			if b.Username == args.A.Username {
				b.DisplayName, b.Description = args.A.DisplayName, args.A.Description
				ret.A = b.UserId
				return nil
			}
		}
	}
	bot, err := a.createBot(args.A)
	if err != nil {
		ret.B = err
		return nil
	}
	ret.A = bot.UserId
	return nil
}

func (a *apiServer) GetBot(args *mmrpc.Z_GetBotArgs, ret *mmrpc.Z_GetBotReturns) error {
	defer a.enter("GetBot")()
	if b, ok := a.bots[args.A]; ok && (b.DeleteAt == 0 || args.B) {
		ret.A = b
	} else {
		ret.B = notFound("GetBot", "bot.get")
	}
	return nil
}

func (a *apiServer) RegisterCommand(args *mmrpc.Z_RegisterCommandArgs, ret *mmrpc.Z_RegisterCommandReturns) error {
	defer a.enter("RegisterCommand")()
	if args.A == nil || args.A.Trigger == "" || strings.HasPrefix(args.A.Trigger, "/") {
		ret.A = mmrpc.EncodableError(errors.New("invalid command trigger"))
		return nil
	}
	a.commands = append(a.commands, args.A)
	return nil
}

// OpenInteractiveDialog checks the request as OpenDialogRequest.IsValid does (the parts the
// product uses) and records it; the script then says which dialogs it expects.
func (a *apiServer) OpenInteractiveDialog(args *mmrpc.Z_OpenInteractiveDialogArgs, ret *mmrpc.Z_OpenInteractiveDialogReturns) error {
	defer a.enter("OpenInteractiveDialog")()
	if problem := dialogProblem(&args.A); problem != "" {
		ret.A = mmrpc.NewAppError("OpenInteractiveDialog", "app.plugin.open_interactive_dialog.app_error", problem, http.StatusBadRequest)
		return nil
	}
	a.dialogs = append(a.dialogs, args.A)
	return nil
}

func dialogProblem(r *mmrpc.OpenDialogRequest) string {
	if r.URL == "" || r.TriggerId == "" {
		return "empty URL or trigger id"
	}
	if r.Dialog.Title == "" || len(r.Dialog.Title) > 24 {
		return fmt.Sprintf("invalid dialog title %q", r.Dialog.Title)
	}
	seen := map[string]bool{}
	for _, e := range r.Dialog.Elements {
		switch {
		case e.Name == "" || seen[e.Name]:
			return fmt.Sprintf("empty or duplicate element name %q", e.Name)
		case e.DisplayName == "" || len(e.DisplayName) > 24:
			return fmt.Sprintf("display name of %q is empty or over 24 characters", e.Name)
		case len(e.HelpText) > 150:
			return fmt.Sprintf("help text of %q is over 150 characters", e.Name)
		case e.MinLength < 0 || e.MinLength > e.MaxLength:
			return fmt.Sprintf("min length of %q is not within 0..max length", e.Name)
		case e.Type == "bool" && e.Default != "" && e.Default != "true" && e.Default != "false":
			return fmt.Sprintf("invalid default of bool %q", e.Name)
		case e.Type == "text" && (len(e.Default) > 150 || len(e.Placeholder) > 150):
			return fmt.Sprintf("text %q default or placeholder over 150 characters", e.Name)
		case e.Type == "select" && e.Default != "" && !hasOption(e.Options, e.Default):
			return fmt.Sprintf("default %q of %q is not among its options", e.Default, e.Name)
		case e.Type != "text" && e.Type != "textarea" && e.Type != "select" && e.Type != "bool" && e.Type != "radio":
			return fmt.Sprintf("invalid element type %q", e.Type)
		}
		seen[e.Name] = true
	}
	return ""
}

func hasOption(options []*mmrpc.PostActionOptions, value string) bool {
	for _, o := range options {
		if o != nil && o.Value == value {
			return true
		}
	}
	return false
}

// openedDialogs is a copy of the dialogs recorded so far.
func (a *apiServer) openedDialogs() []mmrpc.OpenDialogRequest {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]mmrpc.OpenDialogRequest(nil), a.dialogs...)
}

func (a *apiServer) SetProfileImage(args *mmrpc.Z_SetProfileImageArgs, ret *mmrpc.Z_SetProfileImageReturns) error {
	defer a.enter("SetProfileImage")()
	if _, ok := a.users[args.A]; !ok {
		ret.A = notFound("SetProfileImage", "user.get")
	}
	return nil
}

func (a *apiServer) log(level string, args *mmrpc.Z_LogArgs) {
	unlock := a.enter("Log" + level)
	quiet := a.quiet
	unlock()
	if !quiet {
		fmt.Fprintf(os.Stderr, "plugin log %s: %s %v\n", level, args.A, args.B)
	}
}

func (a *apiServer) LogDebug(args *mmrpc.Z_LogArgs, ret *mmrpc.Z_LogReturns) error {
	a.log("Debug", args)
	return nil
}

func (a *apiServer) LogInfo(args *mmrpc.Z_LogArgs, ret *mmrpc.Z_LogReturns) error {
	a.log("Info", args)
	return nil
}

func (a *apiServer) LogWarn(args *mmrpc.Z_LogArgs, ret *mmrpc.Z_LogReturns) error {
	a.log("Warn", args)
	return nil
}

func (a *apiServer) LogError(args *mmrpc.Z_LogArgs, ret *mmrpc.Z_LogReturns) error {
	a.log("Error", args)
	return nil
}

// driverServer stands in for Mattermost's database driver server on DriverMuxId.
type driverServer struct{}

func (driverServer) Ping(args struct{}, ret *struct{}) error { return nil }
