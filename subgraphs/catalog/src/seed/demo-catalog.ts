import type { EventService } from '../events/event.service.ts';
import type { ScreenService } from '../screens/screen.service.ts';
import type { ShowService } from '../shows/show.service.ts';
import type { VenueService } from '../venues/venue.service.ts';

export interface CatalogServices {
  venues: VenueService;
  screens: ScreenService;
  events: EventService;
  shows: ShowService;
}

type Cell = { kind?: 'SEAT' | 'GAP' | 'AISLE'; label?: string; seatType?: string; sellable?: boolean };

/**
 * A cinema-style layout: rows lettered from the screen, aisles after the given seat numbers,
 * recliners at the back, premium in the middle, the first seat of row A kept for wheelchair
 * companions (not sold).
 */
export function cinemaLayout(
  rowCount: number,
  seatsPerRow: number,
  aislesAfter: number[],
  reclinerRows: number,
  premiumRows: number,
) {
  const rows = Array.from({ length: rowCount }, (_, index) => {
    const label = String.fromCharCode(65 + index);
    const fromBack = rowCount - index;
    const seatType =
      fromBack <= reclinerRows ? 'RECLINER' : fromBack <= reclinerRows + premiumRows ? 'PREMIUM' : 'NORMAL';
    const seatsInRow = seatType === 'RECLINER' ? Math.floor(seatsPerRow * 0.75) : seatsPerRow;
    const cells: Cell[] = [];
    for (let seat = 1; seat <= seatsInRow; seat++) {
      cells.push({ label: `${label}${seat}`, seatType, sellable: !(label === 'A' && seat === 1) });
      if (aislesAfter.includes(seat) && seat < seatsInRow) cells.push({ kind: 'AISLE' });
    }
    return { label, cells };
  });
  return {
    rows,
    seatTypes: [
      { seatType: 'NORMAL', priceTier: 1 },
      { seatType: 'PREMIUM', priceTier: 2 },
      { seatType: 'RECLINER', priceTier: 4 },
    ],
  };
}

/** An auditorium: stalls, a gap, then balcony rows. */
function auditoriumLayout() {
  const rows = Array.from({ length: 14 }, (_, index) => {
    const label = String.fromCharCode(65 + index);
    const seatType = index < 3 ? 'VIP' : index < 9 ? 'STALLS' : 'BALCONY';
    const cells: Cell[] = [];
    for (let seat = 1; seat <= 20; seat++) {
      cells.push({ label: `${label}${seat}`, seatType });
      if (seat === 10) cells.push({ kind: 'AISLE' });
    }
    if (index === 8) cells.push({ kind: 'GAP' });
    return { label, cells };
  });
  return {
    rows,
    seatTypes: [
      { seatType: 'BALCONY', priceTier: 1 },
      { seatType: 'STALLS', priceTier: 2 },
      { seatType: 'VIP', priceTier: 5 },
    ],
  };
}

const CITIES = [
  {
    city: 'Mumbai',
    state: 'Maharashtra',
    postal: '400050',
    venues: ['Bandra Talkies', 'Marine Lines Multiplex'],
    hall: 'Worli Arts Auditorium',
  },
  {
    city: 'Bengaluru',
    state: 'Karnataka',
    postal: '560001',
    venues: ['Indiranagar Cinemas', 'Whitefield Screens'],
    hall: 'Koramangala Music Hall',
  },
  {
    city: 'Delhi',
    state: 'Delhi',
    postal: '110001',
    venues: ['Connaught Picture Palace', 'Saket Cineplex'],
    hall: 'Mandi House Theatre',
  },
  {
    city: 'Chennai',
    state: 'Tamil Nadu',
    postal: '600002',
    venues: ['Anna Salai Cinemas', 'Velachery Screens'],
    hall: 'Mylapore Sabha Hall',
  },
];

const MOVIES: [string, string[], string, number, string, string][] = [
  [
    'Monsoon Letters',
    ['Drama', 'Romance'],
    'Hindi',
    142,
    'UA',
    'Two strangers write to each other through one rainy season in Mumbai.',
  ],
  [
    'The Last Express to Howrah',
    ['Thriller', 'Mystery'],
    'Hindi',
    128,
    'UA',
    'A detective has one night train to find a missing diplomat.',
  ],
  [
    'Orbit Kids',
    ['Animation', 'Family', 'Adventure'],
    'English',
    98,
    'U',
    'Three children stow away on the first school trip to the Moon.',
  ],
  [
    'Iron Monsoon',
    ['Action', 'Sci-Fi'],
    'English',
    151,
    'UA',
    'A mech pilot defends a flooded megacity from a storm that thinks.',
  ],
  ['Kaveri Nights', ['Drama'], 'Tamil', 135, 'UA', 'A family reunion on the banks of the Kaveri unravels old secrets.'],
  ['Chai & Chaos', ['Comedy'], 'Hindi', 117, 'U', 'A tea stall owner accidentally becomes a stock-market guru.'],
  [
    'Namma Metro',
    ['Comedy', 'Romance'],
    'Kannada',
    124,
    'U',
    'A love story told between two metro stations in Bengaluru.',
  ],
  [
    'Shadows of Hampi',
    ['Adventure', 'History'],
    'Telugu',
    158,
    'UA',
    'An archaeologist races treasure hunters through the ruins of Hampi.',
  ],
  [
    'Interstellar Drift',
    ['Sci-Fi', 'Drama'],
    'English',
    149,
    'UA',
    'A crew drifts past the edge of the solar system with one way home.',
  ],
  [
    'The Cricket Diaries',
    ['Sports', 'Drama'],
    'Hindi',
    133,
    'U',
    'A village team makes it to the national championship.',
  ],
  [
    'Avengers of the Deccan',
    ['Action', 'Fantasy'],
    'Telugu',
    160,
    'UA',
    'Five warriors unite against an ancient sorcerer.',
  ],
  ['Silent Harbour', ['Thriller'], 'Malayalam', 121, 'A', 'A fishing town hides what washed ashore after the storm.'],
  [
    'Parallel Lines',
    ['Drama', 'Romance'],
    'English',
    112,
    'UA',
    'Two architects design the same bridge in different decades.',
  ],
  [
    'Ghost Hostel',
    ['Horror', 'Comedy'],
    'Hindi',
    109,
    'UA',
    'Engineering students share their hostel with an exam-obsessed ghost.',
  ],
  [
    'Jungle Beat',
    ['Animation', 'Musical', 'Family'],
    'English',
    95,
    'U',
    'A tiger cub wants to be the forest’s best drummer.',
  ],
  [
    'Bombay Noir',
    ['Crime', 'Thriller'],
    'Hindi',
    138,
    'A',
    'A jazz singer is caught between a smuggler and a police inspector in 1962.',
  ],
  ['Madras Café Stories', ['Drama', 'Comedy'], 'Tamil', 119, 'U', 'Four stories served at one filter-coffee café.'],
  [
    'Himalayan Trail',
    ['Adventure', 'Documentary'],
    'English',
    104,
    'U',
    'A record-breaking trek across the high Himalaya.',
  ],
  [
    'The Startup',
    ['Comedy', 'Drama'],
    'English',
    126,
    'UA',
    'Three friends, one garage, and a very bad idea that works.',
  ],
  ['Goa Getaway', ['Comedy', 'Romance'], 'Hindi', 115, 'UA', 'A wedding planner falls for the groom’s brother.'],
  [
    'Code Red',
    ['Action', 'Thriller'],
    'English',
    131,
    'UA',
    'A hacker has 90 minutes to stop a blackout across the country.',
  ],
  [
    'Rangoli',
    ['Family', 'Drama'],
    'Marathi',
    122,
    'U',
    'A grandmother teaches her grandchildren the stories behind every pattern.',
  ],
];

const LIVE: [string, 'CONCERT' | 'PLAY' | 'COMEDY' | 'SPORTS', string[], string, number, string][] = [
  [
    'Indie Nights: The Local Train',
    'CONCERT',
    ['Rock', 'Indie'],
    'Hindi',
    150,
    'An evening with one of India’s favourite indie rock bands.',
  ],
  [
    'Carnatic Classics at Dusk',
    'CONCERT',
    ['Classical', 'Carnatic'],
    'Tamil',
    120,
    'A recital of Carnatic masterpieces with a veena and violin ensemble.',
  ],
  [
    'Symphony of the Ghats',
    'CONCERT',
    ['Classical', 'Orchestral'],
    'Instrumental',
    110,
    'A chamber orchestra plays music inspired by the Western Ghats.',
  ],
  ['Stand-up Saturday', 'COMEDY', ['Stand-up'], 'English', 90, 'Five comics, one mic, no mercy.'],
  [
    'Hasya Kavi Sammelan',
    'COMEDY',
    ['Poetry', 'Humour'],
    'Hindi',
    120,
    'Poets trade witty verses in a classic evening of Hindi humour.',
  ],
  [
    'Tughlaq',
    'PLAY',
    ['Historical', 'Drama'],
    'English',
    140,
    'Girish Karnad’s classic about the idealist sultan, staged anew.',
  ],
  [
    'The Mahabharata in Ten Scenes',
    'PLAY',
    ['Mythology', 'Drama'],
    'Hindi',
    160,
    'An ensemble retelling of the epic for today.',
  ],
  [
    'Pro Kabaddi Fan Screening',
    'SPORTS',
    ['Kabaddi', 'Live screening'],
    'Hindi',
    180,
    'The league final live on the big screen with commentary.',
  ],
];

/** Cinema slots, each with its base price: dearer in the evening. */
const SLOTS_IST = [
  { time: '10:00', basePriceMinor: 18_000 },
  { time: '13:30', basePriceMinor: 22_000 },
  { time: '17:00', basePriceMinor: 25_000 },
  { time: '20:30', basePriceMinor: 30_000 },
];
const HALL_SLOTS_IST = ['15:00', '19:30'];

/** The item at `index`, counting round the list again past its end. */
function cycled<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('nothing to choose from');
  return item;
}

/** Every demo venue is in India. */
const DEMO_TIME_ZONE = 'Asia/Kolkata';

/** `day` days after `from`'s (UTC) date at a clock time in the venue's zone, as admins give it: 2026-12-05T19:30. */
function localSlot(from: Date, day: number, time: string): string {
  const date = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + day));
  return `${date.toISOString().slice(0, 10)}T${time}`;
}

/**
 * Loads a realistic catalogue through the same services admins use (so validation, pricing and
 * ShowScheduled events all happen as in production): four cities, two multiplexes with two
 * screens and one auditorium each, 30 events, and a week of shows from tomorrow.
 */
export async function seedDemoCatalog(
  services: CatalogServices,
  from: Date = new Date(),
): Promise<{ venues: number; events: number; shows: number }> {
  const movieIds: string[] = [];
  for (const [title, genres, language, durationMinutes, rating, description] of MOVIES) {
    const event = await services.events.create({
      title,
      genres,
      language,
      durationMinutes,
      rating,
      description,
      category: 'MOVIE',
      releaseDate: '2026-11-01',
    });
    movieIds.push(event.id);
  }
  const liveIds: string[] = [];
  for (const [title, category, genres, language, durationMinutes, description] of LIVE) {
    const event = await services.events.create({ title, category, genres, language, durationMinutes, description });
    liveIds.push(event.id);
  }

  let venues = 0;
  let shows = 0;
  for (const [cityIndex, city] of CITIES.entries()) {
    const screens: string[] = [];
    for (const [venueIndex, name] of city.venues.entries()) {
      const venue = await services.venues.create({
        name,
        city: city.city,
        state: city.state,
        postalCode: city.postal,
        address: `${12 + venueIndex * 7} Main Road, ${city.city}`,
        phone: `+91 22 4000 ${1000 + cityIndex * 10 + venueIndex}`,
        facilities: ['Parking', 'Food court', 'Wheelchair access', ...(venueIndex === 0 ? ['Dolby Atmos'] : ['IMAX'])],
        timeZone: DEMO_TIME_ZONE,
      });
      venues++;
      screens.push(
        (
          await services.screens.add(venue.id, {
            name: 'Screen 1',
            screenType: '2D',
            soundSystem: 'Dolby 7.1',
            layout: cinemaLayout(10, 16, [4, 12], 2, 3),
          })
        ).id,
      );
      screens.push(
        (
          await services.screens.add(venue.id, {
            name: venueIndex === 0 ? 'Gold Class' : 'IMAX',
            screenType: venueIndex === 0 ? '2D' : 'IMAX',
            soundSystem: 'Dolby Atmos',
            layout: cinemaLayout(8, 12, [3, 9], 3, 2),
          })
        ).id,
      );
    }
    const hall = await services.venues.create({
      name: city.hall,
      city: city.city,
      state: city.state,
      postalCode: city.postal,
      facilities: ['Bar', 'Cloakroom', 'Wheelchair access'],
      timeZone: DEMO_TIME_ZONE,
    });
    venues++;
    const stage = await services.screens.add(hall.id, {
      name: 'Main Stage',
      screenType: 'Stage',
      soundSystem: 'Line array',
      layout: auditoriumLayout(),
    });

    for (let day = 1; day <= 7; day++) {
      for (const [screenIndex, screenId] of screens.entries()) {
        for (const [slotIndex, { time, basePriceMinor }] of SLOTS_IST.entries()) {
          const eventId = cycled(movieIds, cityIndex * 5 + screenIndex * 3 + slotIndex + day);
          await services.shows.schedule({
            eventId,
            screenId,
            startsAtLocal: localSlot(from, day, time),
            basePrice: { amountMinor: basePriceMinor, currency: 'INR' },
            dynamicPricingEnabled: slotIndex === 3,
          });
          shows++;
        }
      }
      for (const [slotIndex, time] of HALL_SLOTS_IST.entries()) {
        await services.shows.schedule({
          eventId: cycled(liveIds, cityIndex + day * 2 + slotIndex),
          screenId: stage.id,
          startsAtLocal: localSlot(from, day, time),
          basePrice: { amountMinor: 50_000, currency: 'INR' },
          dynamicPricingEnabled: true,
        });
        shows++;
      }
    }
  }
  return { venues, events: movieIds.length + liveIds.length, shows };
}
