package main

import (
	"fmt"
	"net/http"
	"reflect"

	"github.com/stretchr/testify/mock"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/plugin/plugintest"
)

// newUnimplementedAPI is the plugin.API apiServer embeds: Mattermost's generated mock of the
// whole interface (plugintest.API), told to accept every method. A call the host did not
// implement must neither crash the host (a nil embedded interface would panic inside the RPC
// server, killing the host and orphaning the plugin) nor look like success to the plugin, so
// each one calls called(name) and returns zero values with a 501 AppError (or error) wherever
// the method returns one.
func newUnimplementedAPI(called func(name string)) plugin.API {
	api := &plugintest.API{}
	appErrType := reflect.TypeOf((*model.AppError)(nil))
	errType := reflect.TypeOf((*error)(nil)).Elem()
	iface := reflect.TypeOf((*plugin.API)(nil)).Elem()
	for i := 0; i < iface.NumMethod(); i++ {
		m := iface.Method(i)
		if m.Type.IsVariadic() {
			// The mock passes variadic arguments flattened, so no fixed matcher fits; apiServer
			// implements the variadic methods (the Log* family) itself.
			continue
		}
		args := make([]any, m.Type.NumIn())
		for j := range args {
			args[j] = mock.Anything
		}
		name := m.Name
		appErr := model.NewAppError(name, "gohost.unimplemented.app_error", nil, fmt.Sprintf("gohost does not implement plugin.API.%s", name), http.StatusNotImplemented)
		rets := make([]any, m.Type.NumOut())
		for j := range rets {
			switch t := m.Type.Out(j); {
			case t == appErrType:
				rets[j] = appErr
			case t == errType:
				rets[j] = error(appErr)
			default:
				rets[j] = reflect.Zero(t).Interface()
			}
		}
		api.On(name, args...).Run(func(mock.Arguments) { called(name) }).Return(rets...)
	}
	return api
}
