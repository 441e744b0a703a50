import React from 'react';
import type {UserProfile} from '@mattermost/types/users';

import {useServices} from '../context';
import {displayName} from '../hooks';

export function Avatar({userId, user, size = 20}: {userId: string; user?: UserProfile; size?: number}) {
    const {ops} = useServices();
    const name = displayName(user, userId);
    return (
        <img
            className='rc-avatar'
            src={ops.api.profilePictureUrl(userId, user?.last_picture_update)}
            alt={name}
            title={name}
            width={size}
            height={size}
            loading='lazy'
        />
    );
}
