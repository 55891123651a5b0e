/** The app's version as stations tell the hub (a test keeps it equal to package.json's). */
export const APP_VERSION = '0.1.0';
