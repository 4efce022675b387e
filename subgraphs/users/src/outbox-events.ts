/** What the users subgraph publishes on `user-events`, keyed by user id. */
export const UserEvent = {
  Registered: 'UserRegistered',
  LoggedIn: 'UserLoggedIn',
  ProfileUpdated: 'UserProfileUpdated',
  PreferencesUpdated: 'UserPreferencesUpdated',
  RoleChanged: 'UserRoleChanged',
  ActivationChanged: 'UserActivationChanged',
} as const;
