import React from 'react';

import {useT} from '../context';

/**
 * A visible, announced error with an optional retry. Errors are never swallowed. `plain`
 * shows the server's refusal (a 4xx answer such as a permission error) in its own words.
 */
export function ErrorNote({message, onRetry, plain}: {message: string; onRetry?: () => void; plain?: boolean}) {
    const t = useT();
    return (
        <div className='rc-error' role='alert'>
            <span>{plain ? message : t('errorPrefix', {message})}</span>
            {onRetry && (
                <button type='button' className='rc-btn rc-btn--link' onClick={onRetry}>{t('retry')}</button>
            )}
        </div>
    );
}

export function Loading() {
    const t = useT();
    return <div className='rc-muted' role='status' aria-live='polite'>{t('loading')}</div>;
}
