export {announcementVariables, checkAnnouncementMessage, ANNOUNCEMENT_VARIABLE_HELP, type AnnouncementVariable, type AnnouncementProblem} from './variables';
export {renderAnnouncement, AnnouncementError, type AnnouncementContext} from './render-announcement';
export {resolveChannelSetting} from './resolve-channel';
export {postAnnouncement, type AnnouncementDeps, type AnnouncementResult} from './post-announcement';
