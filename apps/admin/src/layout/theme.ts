import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

/**
 * react-admin's themes with colours that pass WCAG AA: its app bar blue
 * (#2196f3) carries white text at 3.1:1, MUI's warning orange 3.1:1 and
 * info blue 3.9:1; these carry it at 4.8:1 or more, and the same colours
 * on white pass for small buttons, links and chips.
 */
const BLUE = { main: '#1565c0', light: '#5e92f3', dark: '#003c8f', contrastText: '#fff' };

export const lightTheme: RaThemeOptions = {
  ...defaultLightTheme,
  palette: {
    ...defaultLightTheme.palette,
    primary: BLUE,
    secondary: BLUE,
    warning: { main: '#b45309', light: '#d97706', dark: '#8a3c04', contrastText: '#fff' },
    info: { main: '#01579b', light: '#4f83cc', dark: '#002f6c', contrastText: '#fff' },
  },
};

export const darkTheme = defaultDarkTheme;
