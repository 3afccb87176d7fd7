import { defineArea } from '../area';

/** The watch history page (pages/history-page.ts). */
export const history = defineArea(
  {
    'history.nav': 'History',
    'history.title': 'My watch history',
    'history.on': 'Your history is on: videos you watch while signed in are kept here, with where you stopped.',
    'history.off': 'Your history is off: new views are not kept.',
    'history.turnOff': 'Turn history off',
    'history.turnOn': 'Turn history on',
    'history.clear': 'Clear all history',
    'history.none': 'No video in your history.',
    'history.resume': 'Resume at {time}',
    'history.remove': 'Remove from history',
    'history.removeNamed': 'Remove {name} from history',
  },
  {
    'history.nav': 'Historique',
    'history.title': 'Mon historique de visionnage',
    'history.on': 'Votre historique est activé : les vidéos que vous regardez connecté y sont gardées, avec l’endroit où vous vous êtes arrêté.',
    'history.off': 'Votre historique est désactivé : les nouveaux visionnages ne sont pas gardés.',
    'history.turnOff': 'Désactiver l’historique',
    'history.turnOn': 'Activer l’historique',
    'history.clear': 'Effacer tout l’historique',
    'history.none': 'Aucune vidéo dans votre historique.',
    'history.resume': 'Reprendre à {time}',
    'history.remove': 'Retirer de l’historique',
    'history.removeNamed': 'Retirer {name} de l’historique',
  },
);
