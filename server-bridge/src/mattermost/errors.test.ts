// Errors in Mattermost's encodings, both ways.
import {goInterface} from '../wire/gob';
import {appErrorText, encodableError, fromErrorInterface, MattermostApiError, newAppError} from './errors';

test('AppError text is Go\'s "Where: Message, DetailedError"', () => {
    expect(appErrorText({Where: 'GetUser', Message: 'not found', DetailedError: ''})).toBe('GetUser: not found');
    expect(appErrorText({Where: 'GetUser', Message: 'not found', DetailedError: 'id=x'})).toBe('GetUser: not found, id=x');
});

test('error interface values become errors with the server text', () => {
    expect(fromErrorInterface(null, 'X')).toBeNull();
    const app = fromErrorInterface(goInterface('*model.AppError', newAppError('EnsureBotUser', 'app.bot', 'bad name', 400)), 'EnsureBotUser');
    expect(app).toBeInstanceOf(MattermostApiError);
    expect(app).toMatchObject({message: 'EnsureBotUser: EnsureBotUser: bad name', statusCode: 400, id: 'app.bot'});
    expect(fromErrorInterface(goInterface('*plugin.ErrorString', {Code: 1, Err: 'EOF'}), 'X')?.message).toBe('X: EOF');
    expect(fromErrorInterface(goInterface('*pq.Error', {}), 'X')?.message).toBe('X: error of type *pq.Error');
    expect(fromErrorInterface({junk: true}, 'X')?.message).toBe('X: unreadable error value');
});

test('outgoing errors: API errors keep their AppError form, anything else is an ErrorString', () => {
    expect(encodableError(null)).toBeNull();
    expect(encodableError(new Error('template missing'))).toEqual(goInterface('*plugin.ErrorString', {Code: 0, Err: 'template missing'}));
    expect(encodableError('plain')).toEqual(goInterface('*plugin.ErrorString', {Code: 0, Err: 'plain'}));
    const api = new MattermostApiError('KVGet: db down', 500, 'app.kv', 'KVGet');
    expect(encodableError(api)).toEqual(goInterface('*model.AppError', expect.objectContaining({Id: 'app.kv', Where: 'KVGet', StatusCode: 500, Message: 'KVGet: db down'})));
});
