package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

// apiServer is the plugin.API Mattermost's supervisor serves to the plugin, backed by memory.
// KV follows the server's semantics, including atomic compare-and-set and expiry. The
// embedded plugin.API answers every method this file does not implement: it records the call
// by name and answers with an error (see unimplemented.go), and the run reports it as FAIL.
type apiServer struct {
	plugin.API

	mu       sync.Mutex
	script   *Script
	kv       map[string]kvEntry
	users    map[string]*model.User
	channels map[string]*model.Channel
	teams    map[string]*model.Team
	members  map[string]bool
	perms    map[string]bool
	posts    map[string]*model.Post
	bots     map[string]*model.Bot
	commands []*model.Command
	dialogs  []model.OpenDialogRequest
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
		script: s, kv: map[string]kvEntry{}, users: map[string]*model.User{},
		channels: map[string]*model.Channel{}, teams: map[string]*model.Team{}, members: map[string]bool{}, perms: map[string]bool{},
		posts: map[string]*model.Post{}, bots: map[string]*model.Bot{}, calls: map[string]int{},
	}
	a.API = newUnimplementedAPI(a.unimplementedCalled)
	for _, u := range s.Users {
		tz := model.StringMap{"useAutomaticTimezone": "false", "manualTimezone": u.TimeZone}
		a.users[u.ID] = &model.User{Id: u.ID, Username: u.Username, FirstName: u.FirstName, LastName: u.LastName, Timezone: tz, Roles: model.SystemUserRoleId}
	}
	for _, t := range s.Teams {
		a.teams[t.ID] = &model.Team{Id: t.ID, Name: t.Name, DisplayName: t.DisplayName, Type: model.TeamOpen, AllowOpenInvite: true}
	}
	for _, c := range s.Channels {
		a.channels[c.ID] = &model.Channel{Id: c.ID, TeamId: c.TeamID, Type: model.ChannelType(c.Type), Name: c.Name, DisplayName: c.DisplayName}
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
	for k, v := range s.KVBase64 {
		raw, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			panic(fmt.Sprintf("script kvBase64[%q]: %v", k, err))
		}
		a.kv[k] = kvEntry{value: raw}
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

// unimplementedCalled counts a method only the embedded fallback answered, under its own name
// with an "unimplemented:" prefix, and says so on stderr at once.
func (a *apiServer) unimplementedCalled(name string) {
	a.mu.Lock()
	a.calls["unimplemented:"+name]++
	first := a.calls["unimplemented:"+name] == 1
	a.mu.Unlock()
	if first {
		fmt.Fprintf(os.Stderr, "gohost: the plugin called plugin.API.%s, which gohost does not implement (answered with an error)\n", name)
	}
}

// unimplementedCalls lists the methods the plugin called that only the fallback answered.
func (a *apiServer) unimplementedCalls() map[string]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]int{}
	for k, n := range a.calls {
		if name, ok := strings.CutPrefix(k, "unimplemented:"); ok {
			out[name] = n
		}
	}
	return out
}

func notFound(where, what string) *model.AppError {
	return model.NewAppError(where, "app."+what+".missing.app_error", nil, "", http.StatusNotFound)
}

// LoadPluginConfiguration fills dest as the server does: the plugin's settings through JSON.
func (a *apiServer) LoadPluginConfiguration(dest any) error {
	defer a.enter("LoadPluginConfiguration")()
	b, err := json.Marshal(a.script.Config)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dest)
}

func (a *apiServer) GetPluginConfig() map[string]any {
	defer a.enter("GetPluginConfig")()
	out := map[string]any{}
	for k, v := range a.script.Config {
		out[k] = v
	}
	return out
}

func (a *apiServer) GetConfig() *model.Config {
	defer a.enter("GetConfig")()
	cfg := &model.Config{}
	cfg.SetDefaults()
	site := a.script.SiteURL
	cfg.ServiceSettings.SiteURL = &site
	return cfg
}

func (a *apiServer) GetServerVersion() string {
	defer a.enter("GetServerVersion")()
	return a.script.ServerVersion
}

func (a *apiServer) GetPluginID() string {
	defer a.enter("GetPluginID")()
	return pluginID
}

func (a *apiServer) GetBundlePath() (string, error) {
	defer a.enter("GetBundlePath")()
	if a.script.BundlePath == "" {
		return "", errors.New("no bundle path configured")
	}
	return a.script.BundlePath, nil
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

// kvPut stores value, or deletes the key for a nil (or, after gob, empty) value as the server
// does. Caller holds mu.
func (a *apiServer) kvPut(key string, value []byte, expireInSeconds int64) {
	if len(value) == 0 {
		delete(a.kv, key)
		return
	}
	e := kvEntry{value: append([]byte(nil), value...)}
	if expireInSeconds > 0 {
		e.expireAt = time.Now().Add(time.Duration(expireInSeconds) * time.Second)
	}
	a.kv[key] = e
}

func (a *apiServer) KVGet(key string) ([]byte, *model.AppError) {
	defer a.enter("KVGet")()
	if v, ok := a.kvGet(key); ok {
		return append([]byte(nil), v...), nil
	}
	return nil, nil
}

func (a *apiServer) KVSet(key string, value []byte) *model.AppError {
	defer a.enter("KVSet")()
	a.kvPut(key, value, 0)
	return nil
}

func (a *apiServer) KVSetWithExpiry(key string, value []byte, expireInSeconds int64) *model.AppError {
	defer a.enter("KVSetWithExpiry")()
	a.kvPut(key, value, expireInSeconds)
	return nil
}

func (a *apiServer) KVSetWithOptions(key string, value []byte, opt model.PluginKVSetOptions) (bool, *model.AppError) {
	defer a.enter("KVSetWithOptions")()
	if err := opt.IsValid(); err != nil {
		return false, err
	}
	if opt.Atomic {
		cur, exists := a.kvGet(key)
		if opt.OldValue == nil {
			if exists {
				return false, nil
			}
		} else if !exists || !bytes.Equal(cur, opt.OldValue) {
			return false, nil
		}
	}
	a.kvPut(key, value, opt.ExpireInSeconds)
	return true, nil
}

func (a *apiServer) KVCompareAndSet(key string, oldValue, newValue []byte) (bool, *model.AppError) {
	defer a.enter("KVCompareAndSet")()
	cur, exists := a.kvGet(key)
	if (oldValue == nil && exists) || (oldValue != nil && (!exists || !bytes.Equal(cur, oldValue))) {
		return false, nil
	}
	a.kvPut(key, newValue, 0)
	return true, nil
}

func (a *apiServer) KVDelete(key string) *model.AppError {
	defer a.enter("KVDelete")()
	delete(a.kv, key)
	return nil
}

func (a *apiServer) KVDeleteAll() *model.AppError {
	defer a.enter("KVDeleteAll")()
	a.kv = map[string]kvEntry{}
	return nil
}

func (a *apiServer) KVList(page, perPage int) ([]string, *model.AppError) {
	defer a.enter("KVList")()
	if page < 0 || perPage <= 0 {
		return nil, model.NewAppError("KVList", "app.plugin.kv_list.invalid_paging", nil, "", http.StatusBadRequest)
	}
	keys := make([]string, 0, len(a.kv))
	for k := range a.kv {
		if _, ok := a.kvGet(k); ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	start := page * perPage
	if start >= len(keys) {
		return []string{}, nil
	}
	return keys[start:min(start+perPage, len(keys))], nil
}

func (a *apiServer) GetUser(userID string) (*model.User, *model.AppError) {
	defer a.enter("GetUser")()
	if u, ok := a.users[userID]; ok {
		return u, nil
	}
	return nil, notFound("GetUser", "user.get")
}

func (a *apiServer) GetUserByUsername(name string) (*model.User, *model.AppError) {
	defer a.enter("GetUserByUsername")()
	for _, u := range a.users {
		if u.Username == name {
			return u, nil
		}
	}
	return nil, notFound("GetUserByUsername", "user.get_by_username")
}

func (a *apiServer) GetChannel(channelID string) (*model.Channel, *model.AppError) {
	defer a.enter("GetChannel")()
	if c, ok := a.channels[channelID]; ok {
		return c, nil
	}
	return nil, notFound("GetChannel", "channel.get")
}

func (a *apiServer) GetChannelByNameForTeamName(teamName, channelName string, includeDeleted bool) (*model.Channel, *model.AppError) {
	defer a.enter("GetChannelByNameForTeamName")()
	for _, t := range a.teams {
		if t.Name != teamName {
			continue
		}
		for _, c := range a.channels {
			if c.TeamId == t.Id && c.Name == channelName && (c.DeleteAt == 0 || includeDeleted) {
				return c, nil
			}
		}
	}
	return nil, notFound("GetChannelByNameForTeamName", "channel.get_by_name")
}

func (a *apiServer) GetTeam(teamID string) (*model.Team, *model.AppError) {
	defer a.enter("GetTeam")()
	if t, ok := a.teams[teamID]; ok {
		return t, nil
	}
	return nil, notFound("GetTeam", "team.get")
}

func (a *apiServer) GetChannelMember(channelID, userID string) (*model.ChannelMember, *model.AppError) {
	defer a.enter("GetChannelMember")()
	if a.members[channelID+"/"+userID] {
		return &model.ChannelMember{ChannelId: channelID, UserId: userID, Roles: model.ChannelUserRoleId, SchemeUser: true, NotifyProps: model.StringMap{}}, nil
	}
	return nil, notFound("GetChannelMember", "channel.get_member")
}

func (a *apiServer) GetDirectChannel(userID1, userID2 string) (*model.Channel, *model.AppError) {
	defer a.enter("GetDirectChannel")()
	name := model.GetDMNameFromIds(userID1, userID2)
	for _, c := range a.channels {
		if c.Type == model.ChannelTypeDirect && c.Name == name {
			return c, nil
		}
	}
	c := &model.Channel{Id: model.NewId(), Type: model.ChannelTypeDirect, Name: name, CreateAt: model.GetMillis()}
	a.channels[c.Id] = c
	a.members[c.Id+"/"+userID1] = true
	a.members[c.Id+"/"+userID2] = true
	return c, nil
}

func (a *apiServer) HasPermissionTo(userID string, permission *model.Permission) bool {
	defer a.enter("HasPermissionTo")()
	return permission != nil && a.perms[userID+"/"+permission.Id]
}

func (a *apiServer) HasPermissionToChannel(userID, channelID string, permission *model.Permission) bool {
	defer a.enter("HasPermissionToChannel")()
	return permission != nil && (a.perms[userID+"/"+permission.Id] || (permission.Id == model.PermissionReadChannel.Id && a.members[channelID+"/"+userID]))
}

func (a *apiServer) CreatePost(post *model.Post) (*model.Post, *model.AppError) {
	defer a.enter("CreatePost")()
	if post == nil || post.ChannelId == "" {
		return nil, model.NewAppError("CreatePost", "model.post.is_valid.channel_id.app_error", nil, "", http.StatusBadRequest)
	}
	p := post.Clone()
	p.Id = model.NewId()
	p.CreateAt = model.GetMillis()
	p.UpdateAt = p.CreateAt
	a.posts[p.Id] = p
	return p.Clone(), nil
}

func (a *apiServer) UpdatePost(post *model.Post) (*model.Post, *model.AppError) {
	defer a.enter("UpdatePost")()
	if post == nil {
		return nil, notFound("UpdatePost", "post.get")
	}
	old, ok := a.posts[post.Id]
	if !ok {
		return nil, notFound("UpdatePost", "post.get")
	}
	p := old.Clone()
	p.Message = post.Message
	p.SetProps(post.GetProps())
	p.UpdateAt = model.GetMillis()
	p.EditAt = p.UpdateAt
	a.posts[p.Id] = p
	return p.Clone(), nil
}

func (a *apiServer) GetPost(postID string) (*model.Post, *model.AppError) {
	defer a.enter("GetPost")()
	if p, ok := a.posts[postID]; ok {
		return p.Clone(), nil
	}
	return nil, notFound("GetPost", "post.get")
}

func (a *apiServer) DeletePost(postID string) *model.AppError {
	defer a.enter("DeletePost")()
	if _, ok := a.posts[postID]; !ok {
		return notFound("DeletePost", "post.get")
	}
	delete(a.posts, postID)
	return nil
}

func (a *apiServer) SendEphemeralPost(userID string, post *model.Post) *model.Post {
	defer a.enter("SendEphemeralPost")()
	if post == nil {
		return nil
	}
	p := post.Clone()
	p.Id = model.NewId()
	p.Type = model.PostTypeEphemeral
	p.CreateAt = model.GetMillis()
	a.events = append(a.events, "ephemeral:"+userID)
	return p
}

func (a *apiServer) PublishWebSocketEvent(event string, payload map[string]any, broadcast *model.WebsocketBroadcast) {
	defer a.enter("PublishWebSocketEvent")()
	target := ""
	if broadcast != nil {
		target = broadcast.ChannelId + broadcast.UserId
	}
	a.events = append(a.events, "ws:"+event+":"+target)
}

// createBot is shared by CreateBot and EnsureBotUser. Caller holds mu.
func (a *apiServer) createBot(b *model.Bot) (*model.Bot, *model.AppError) {
	if b == nil || !model.IsValidUsername(b.Username) {
		return nil, model.NewAppError("CreateBot", "model.bot.is_valid.username.app_error", nil, "", http.StatusBadRequest)
	}
	for _, u := range a.users {
		if u.Username == b.Username {
			return nil, model.NewAppError("CreateBot", "app.user.save.username_exists.app_error", nil, "", http.StatusBadRequest)
		}
	}
	bot := b.Clone()
	bot.UserId = model.NewId()
	bot.OwnerId = pluginID
	bot.PreSave()
	a.bots[bot.UserId] = bot
	a.users[bot.UserId] = &model.User{Id: bot.UserId, Username: bot.Username, FirstName: bot.DisplayName, IsBot: true, BotDescription: bot.Description}
	return bot.Clone(), nil
}

func (a *apiServer) CreateBot(bot *model.Bot) (*model.Bot, *model.AppError) {
	defer a.enter("CreateBot")()
	return a.createBot(bot)
}

func (a *apiServer) EnsureBotUser(bot *model.Bot) (string, error) {
	defer a.enter("EnsureBotUser")()
	if bot != nil {
		for _, b := range a.bots {
			if b.Username == bot.Username {
				b.DisplayName, b.Description = bot.DisplayName, bot.Description
				return b.UserId, nil
			}
		}
	}
	created, appErr := a.createBot(bot)
	if appErr != nil {
		// A nil *AppError in an error would not be nil: return it only when set.
		return "", appErr
	}
	return created.UserId, nil
}

func (a *apiServer) GetBot(botUserID string, includeDeleted bool) (*model.Bot, *model.AppError) {
	defer a.enter("GetBot")()
	if b, ok := a.bots[botUserID]; ok && (b.DeleteAt == 0 || includeDeleted) {
		return b.Clone(), nil
	}
	return nil, notFound("GetBot", "bot.get")
}

// RegisterCommand checks the trigger as the server's Command.IsValid does (a plugin's command
// has no team, URL or token to check).
func (a *apiServer) RegisterCommand(command *model.Command) error {
	defer a.enter("RegisterCommand")()
	if command == nil || len(command.Trigger) < model.MinTriggerLength || len(command.Trigger) > model.MaxTriggerLength ||
		strings.HasPrefix(command.Trigger, "/") || strings.Contains(command.Trigger, " ") {
		return model.NewAppError("RegisterCommand", "model.command.is_valid.trigger.app_error", nil, "", http.StatusBadRequest)
	}
	// As the server's RegisterPluginCommand does: a definition a real server refuses (an
	// optional positional text argument, for one) must fail here too.
	if command.AutocompleteData != nil {
		if err := command.AutocompleteData.IsValid(); err != nil {
			return fmt.Errorf("invalid autocomplete data in command: %w", err)
		}
	}
	a.commands = append(a.commands, command)
	return nil
}

func (a *apiServer) UnregisterCommand(teamID, trigger string) error {
	defer a.enter("UnregisterCommand")()
	kept := a.commands[:0]
	for _, c := range a.commands {
		if c.Trigger != trigger || c.TeamId != teamID {
			kept = append(kept, c)
		}
	}
	a.commands = kept
	return nil
}

// OpenInteractiveDialog refuses a request model.OpenDialogRequest.IsValid refuses (the trigger
// id is not verified: the host never signed one) and records it; the script then says which
// dialogs it expects.
func (a *apiServer) OpenInteractiveDialog(dialog model.OpenDialogRequest) *model.AppError {
	defer a.enter("OpenInteractiveDialog")()
	if err := dialog.IsValid(); err != nil {
		return model.NewAppError("OpenInteractiveDialog", "app.plugin.open_interactive_dialog.app_error", nil, err.Error(), http.StatusBadRequest)
	}
	a.dialogs = append(a.dialogs, dialog)
	return nil
}

// openedDialogs is a copy of the dialogs recorded so far.
func (a *apiServer) openedDialogs() []model.OpenDialogRequest {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]model.OpenDialogRequest(nil), a.dialogs...)
}

func (a *apiServer) SetProfileImage(userID string, data []byte) *model.AppError {
	defer a.enter("SetProfileImage")()
	if _, ok := a.users[userID]; !ok {
		return notFound("SetProfileImage", "user.get")
	}
	return nil
}

func (a *apiServer) log(level, msg string, keyValuePairs []any) {
	unlock := a.enter("Log" + level)
	quiet := a.quiet
	unlock()
	if !quiet {
		fmt.Fprintf(os.Stderr, "plugin log %s: %s %v\n", level, msg, keyValuePairs)
	}
}

func (a *apiServer) LogDebug(msg string, keyValuePairs ...any) { a.log("Debug", msg, keyValuePairs) }
func (a *apiServer) LogInfo(msg string, keyValuePairs ...any)  { a.log("Info", msg, keyValuePairs) }
func (a *apiServer) LogWarn(msg string, keyValuePairs ...any)  { a.log("Warn", msg, keyValuePairs) }
func (a *apiServer) LogError(msg string, keyValuePairs ...any) { a.log("Error", msg, keyValuePairs) }
