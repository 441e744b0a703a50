import React from 'react';
import {useSelector} from 'react-redux';

import {siteUrlFrom} from '../../api/site_url';

/**
 * A link to the evidence post's permalink. Inside the web app it navigates with the host's
 * router (no reload); the href keeps open-in-new-tab and copy-link working.
 */
export function EvidenceLink({postId, teamName, label, title}: {postId: string; teamName: string; label: string; title?: string}) {
    const siteUrl = useSelector(siteUrlFrom);
    const path = `/${teamName}/pl/${postId}`;
    const onClick = (e: React.MouseEvent<HTMLAnchorElement>) => {
        const history = window.WebappUtils?.browserHistory;
        if (history && !e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0) {
            e.preventDefault();
            history.push(path);
        }
    };
    return <a className='rc-link' href={`${siteUrl}${path}`} title={title} onClick={onClick}>{label}</a>;
}
