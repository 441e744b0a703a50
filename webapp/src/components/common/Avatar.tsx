import React from 'react';
import type {UserProfile} from '@mattermost/types/users';

import {useServices} from '../context';
import {displayName} from '../hooks';

/** `decorative` when the name is written next to it: the name is then not read twice. */
export function Avatar({userId, user, size = 20, decorative}: {userId: string; user?: UserProfile; size?: number; decorative?: boolean}) {
    const {ops} = useServices();
    const name = decorative ? '' : displayName(user, userId);
    return (
        <img
            className='rc-avatar'
            src={ops.api.profilePictureUrl(userId, user?.last_picture_update)}
            alt={name}
            title={name || undefined}
            width={size}
            height={size}
            loading='lazy'
        />
    );
}
