import React from 'react';

import {useT} from '../context';

/** A visible, announced error with an optional retry. Errors are never swallowed. */
export function ErrorNote({message, onRetry}: {message: string; onRetry?: () => void}) {
    const t = useT();
    return (
        <div className='rc-error' role='alert'>
            <span>{t('errorPrefix', {message})}</span>
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
